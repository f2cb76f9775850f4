// The signed-in debtor's portal: one tab per area panel (see ../area.ts). Panels load on demand.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, Card, Space, Spin, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n';

const LedgerPanel = lazy(() => import('../ledger/PortalPanel'));
const DocumentsPanel = lazy(() => import('../documents/PortalPanel'));
const CompliancePanel = lazy(() => import('../compliance/PortalPanel'));
const PrivacyPanel = lazy(() => import('../privacy/PortalPanel'));
const CoursesPanel = lazy(() => import('../courses/PortalPanel'));

// `#courses/…` (e.g. the payment plan's link to a lesson) opens the courses tab.
const tabOfHash = () => (window.location.hash.startsWith('#courses') ? 'learn' : 'pay');

export function PortalHome({ caseRef, name, onSignOut }: { caseRef: string; name: string; onSignOut(): void }) {
  const { pick } = useI18n();
  const tab = (node: React.ReactNode) => <Suspense fallback={<Spin />}>{node}</Suspense>;
  const [active, setActive] = useState(tabOfHash);
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => {
      setHash(window.location.hash);
      if (window.location.hash.startsWith('#courses')) setActive('learn');
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return (
    <Card
      data-testid="portal-home"
      style={{ marginTop: 24 }}
      title={
        <Space>
          <span>{pick(`您好，${name}`, `Hello, ${name}`)}</span>
          <Typography.Text type="secondary" data-testid="portal-case-ref">{caseRef}</Typography.Text>
        </Space>
      }
      extra={<Button onClick={onSignOut} data-testid="portal-sign-out">{pick('退出登录', 'Sign out')}</Button>}
    >
      <Tabs
        activeKey={active}
        onChange={setActive}
        items={[
          { key: 'pay', label: pick('欠款与还款', 'What I owe & pay'), children: tab(<LedgerPanel caseRef={caseRef} />) },
          { key: 'sign', label: pick('文件与签署', 'Documents & signing'), children: tab(<DocumentsPanel caseRef={caseRef} />) },
          { key: 'complain', label: pick('异议与投诉', 'Disputes & complaints'), children: tab(<CompliancePanel caseRef={caseRef} />) },
          { key: 'data', label: pick('我的个人信息', 'My personal data'), children: tab(<PrivacyPanel caseRef={caseRef} />) },
          { key: 'learn', label: pick('信用知识课堂', 'Credit courses'), children: tab(<CoursesPanel key={hash.startsWith('#courses') ? hash : 'catalogue'} caseRef={caseRef} />) },
        ]}
      />
    </Card>
  );
}
