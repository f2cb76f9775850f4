// Small shared pieces: language switch, data loading hook, error display (antd message / form field errors).
import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Button, type FormInstance } from 'antd';
import { ApiError } from './api/client';
import { useI18n } from './i18n';

export function LangSwitch({ style }: { style?: React.CSSProperties }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button size="small" data-testid="lang-switch" style={style} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('langSwitch')}
    </Button>
  );
}

/** Loads data with `fn`; `reload()` fetches again. Errors are shown with antd message. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[] = []): { data: T | undefined; loading: boolean; reload: () => void; error: unknown } {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [n, setN] = useState(0);
  const showError = useShowError();
  useEffect(() => {
    let live = true;
    setLoading(true);
    fn()
      .then((d) => live && (setData(d), setError(undefined)))
      .catch((e) => live && (setError(e), showError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [n, ...deps]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data, loading, reload, error };
}

export function describeError(e: unknown): string {
  if (e instanceof ApiError) return `${e.detail || e.message}${e.code ? ` (${e.code}${e.rule ? ` · ${e.rule}` : ''})` : ''}`;
  return e instanceof Error ? e.message : String(e);
}

/** Shows an error in a toast; when a form is given, field errors from the problem document go onto its fields. */
export function useShowError() {
  const { message } = AntApp.useApp();
  return useCallback(
    (e: unknown, form?: FormInstance) => {
      if (form && e instanceof ApiError) {
        const names = new Set(Object.keys(flatten(form.getFieldsValue(true))));
        const fields = e.fieldErrors().filter((f) => names.has(f.name));
        if (fields.length) form.setFields(fields.map((f) => ({ name: f.name.split('.'), errors: [f.message] })));
      }
      void message.error(describeError(e));
    },
    [message],
  );
}

function flatten(o: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? `${prefix}.${k}` : k;
      out[key] = v;
      Object.assign(out, flatten(v, key));
    }
  }
  return out;
}

export const fmtTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
