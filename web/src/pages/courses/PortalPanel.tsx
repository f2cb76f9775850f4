// The courses panel of the debtor portal (see ../area.ts; CRS-01..03): a catalogue with progress, a lesson reader,
// quizzes with explanations, and the certificate. Free and optional: nothing here affects the case. Works by
// keyboard and screen reader (real headings, labelled radio groups, results announced), and on a phone.
// `#courses/<code>/<lesson>` in the address opens a lesson directly (the payment plan links to one).
import { useEffect, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Checkbox, Empty, List, Progress, Radio, Result, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined, FilePdfOutlined, ReadOutlined } from '@ant-design/icons';
import { get, post } from '../../api/client';
import type { Bilingual, Block, MyCourse, QuizResult } from '../../api/courses';
import { useI18n } from '../../i18n';
import { useLoad, useShowError } from '../../common';

type View = { code: string; lesson?: string; quiz?: string } | null;

function viewFromHash(): View {
  const m = /^#courses\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?/.exec(window.location.hash);
  return m ? { code: m[1], lesson: m[2] } : null;
}

export function useBi() {
  const { lang } = useI18n();
  return (b: Bilingual) => (lang === 'zh' ? b.zh : b.en);
}

function Blocks({ blocks }: { blocks: Block[] }) {
  const bi = useBi();
  return (
    <>
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'h':
            return <Typography.Title key={i} level={4}>{bi(b.text)}</Typography.Title>;
          case 'p':
            return <Typography.Paragraph key={i} style={{ fontSize: 16, lineHeight: 1.8 }}>{bi(b.text)}</Typography.Paragraph>;
          case 'list': {
            const Tag_ = b.ordered ? 'ol' : 'ul';
            return <Tag_ key={i} style={{ fontSize: 16, lineHeight: 1.8 }}>{b.items.map((it, j) => <li key={j}>{bi(it)}</li>)}</Tag_>;
          }
          case 'note':
            return <Alert key={i} type={b.tone} showIcon title={bi(b.text)} style={{ margin: '12px 0' }} />;
          case 'img':
            return <img key={i} src={`/api/v1/courses/images/${b.src}`} alt={bi(b.alt)} loading="lazy" style={{ display: 'block', maxWidth: '100%', height: 'auto', margin: '12px auto' }} />;
        }
      })}
    </>
  );
}

function Quiz({ mc, quizId, onDone }: { mc: MyCourse; quizId: string; onDone(c: MyCourse): void }) {
  const { pick } = useI18n();
  const bi = useBi();
  const showError = useShowError();
  const quiz = mc.course.modules.flatMap((m) => (m.quiz ? [m.quiz] : [])).find((q) => q.id === quizId)!;
  const [answers, setAnswers] = useState<Array<number | undefined>>(quiz.questions.map(() => undefined));
  const [result, setResult] = useState<QuizResult | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const r = await post<QuizResult>(`/api/v1/courses/portal/${mc.course.code}/quizzes/${quizId}/attempts`, { answers });
      setResult(r);
      onDone(r.course);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`quiz-${quizId}`} data-testid="course-quiz">
      <Typography.Title level={4} id={`quiz-${quizId}`}>{pick('小测验', 'Quiz')}</Typography.Title>
      <Typography.Paragraph type="secondary">{pick(`答对 ${Math.ceil(quiz.passMark * quiz.questions.length)} 题即通过，可多次作答。`, `Answer ${Math.ceil(quiz.passMark * quiz.questions.length)} correctly to pass; you may try again.`)}</Typography.Paragraph>
      {quiz.questions.map((q, qi) => {
        const r = result?.questions[qi];
        return (
          <fieldset key={q.id} style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
            <legend style={{ fontSize: 16, fontWeight: 500, marginBottom: 8 }} id={`q-${q.id}`}>{qi + 1}. {bi(q.prompt)}</legend>
            <Radio.Group
              aria-labelledby={`q-${q.id}`}
              value={answers[qi]}
              onChange={(e) => setAnswers((a) => a.map((x, i) => (i === qi ? (e.target.value as number) : x)))}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            >
              {q.options.map((o, oi) => (
                <Radio key={oi} value={oi} data-testid={`quiz-${q.id}-${oi}`} style={{ fontSize: 16, minHeight: 32 }}>{bi(o)}</Radio>
              ))}
            </Radio.Group>
            {r && (
              <Alert style={{ marginTop: 8 }} type={r.right ? 'success' : 'warning'} showIcon
                title={r.right ? pick('回答正确', 'Correct') : pick(`正确答案：${bi(q.options[r.answer])}`, `Answer: ${bi(q.options[r.answer])}`)}
                description={bi(r.explanation)} />
            )}
          </fieldset>
        );
      })}
      <div aria-live="polite" data-testid="quiz-result">
        {result && (
          <Alert type={result.passed ? 'success' : 'info'} showIcon style={{ marginBottom: 12 }}
            title={result.passed ? pick(`通过：答对 ${result.correct} / ${result.total}`, `Passed: ${result.correct} of ${result.total}`) : pick(`答对 ${result.correct} / ${result.total}，再试一次吧`, `${result.correct} of ${result.total} right — try again`)} />
        )}
      </div>
      <Button type="primary" size="large" loading={busy} disabled={answers.some((a) => a === undefined)} onClick={submit} data-testid="quiz-submit">
        {pick('提交答案', 'Submit answers')}
      </Button>
    </section>
  );
}

function CourseView({ code, initialLesson, onBack }: { code: string; initialLesson?: string; onBack(): void }) {
  const { pick } = useI18n();
  const bi = useBi();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const load = useLoad(() => get<MyCourse>(`/api/v1/courses/portal/${code}`), [code]);
  const [mc, setMc] = useState<MyCourse | null>(null);
  const [consent, setConsent] = useState(false);
  const [at, setAt] = useState<{ lesson?: string; quiz?: string }>({ lesson: initialLesson });
  useEffect(() => setMc(load.data ?? null), [load.data]);
  if (!mc) return <Spin />;
  const { course, progress } = mc;
  const lessons = course.modules.flatMap((m) => m.lessons);
  const steps: Array<{ lesson?: string; quiz?: string }> = course.modules.flatMap((m) => [...m.lessons.map((l) => ({ lesson: l.id })), ...(m.quiz ? [{ quiz: m.quiz.id }] : [])]);
  const cur = at.lesson ? lessons.find((l) => l.id === at.lesson) : undefined;
  const stepIndex = steps.findIndex((s) => (at.lesson ? s.lesson === at.lesson : s.quiz === at.quiz));
  const next = stepIndex >= 0 ? steps[stepIndex + 1] : steps[0];

  const start = async () => {
    try {
      setMc(await post<MyCourse>(`/api/v1/courses/portal/${code}/start`, { analyticsConsent: consent }));
      setAt(steps[0]);
    } catch (e) {
      showError(e);
    }
  };
  const done = async (lessonId: string) => {
    try {
      setMc(await post<MyCourse>(`/api/v1/courses/portal/${code}/lessons/${lessonId}/done`, {}));
      setAt(next ?? {});
      void message.success(pick('已完成本课', 'Lesson done'));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <article data-testid="course-view" aria-labelledby="course-title">
      <Button type="link" onClick={onBack} style={{ paddingLeft: 0 }}>← {pick('全部课程', 'All courses')}</Button>
      <Typography.Title level={3} id="course-title">{bi(course.title)}</Typography.Title>
      <Progress percent={Math.round(progress.fraction * 100)} aria-label={pick('课程进度', 'Course progress')} />
      {progress.status === 'completed' && (
        <Result status="success" title={pick('恭喜，您已完成本课程', 'You have completed this course')}
          subTitle={pick('证书只证明学习经历，不影响任何信用记录。', 'The certificate records learning only; it changes no credit record.')}
          extra={<Button icon={<FilePdfOutlined />} href={`/api/v1/courses/portal/${code}/certificate`} data-testid="course-certificate">{pick('下载结业证书', 'Download certificate')}</Button>} />
      )}
      {!progress.enrolled ? (
        <Card>
          <Typography.Paragraph style={{ fontSize: 16 }}>{bi(course.summary)}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{pick(`约 ${mc.minutes} 分钟 · 免费 · 学不学都不影响您的案件`, `About ${mc.minutes} minutes · free · taking it or not changes nothing about your case`)}</Typography.Paragraph>
          <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="course-consent">
            {pick('同意以匿名、汇总的方式用于改进课程（可随时更改）', 'I agree to anonymous, aggregate use to improve the courses (you can change this any time)')}
          </Checkbox>
          <div style={{ marginTop: 12 }}><Button type="primary" size="large" onClick={start} data-testid="course-start">{pick('开始学习', 'Start')}</Button></div>
        </Card>
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
          <nav aria-label={pick('课程目录', 'Contents')} style={{ flex: '1 1 220px', maxWidth: 320 }}>
            {course.modules.map((m) => (
              <div key={m.id} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{bi(m.title)}</Typography.Text>
                <ul style={{ listStyle: 'none', padding: 0, margin: '4px 0' }}>
                  {m.lessons.map((l) => (
                    <li key={l.id}>
                      <Button type={at.lesson === l.id ? 'primary' : 'text'} aria-current={at.lesson === l.id ? 'step' : undefined} onClick={() => setAt({ lesson: l.id })} data-testid={`lesson-${l.id}`} style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }}>
                        {progress.lessonsDone.includes(l.id) ? <CheckCircleOutlined aria-label={pick('已完成', 'done')} /> : <ReadOutlined aria-hidden />} {bi(l.title)}
                      </Button>
                    </li>
                  ))}
                  {m.quiz && (
                    <li>
                      <Button type={at.quiz === m.quiz.id ? 'primary' : 'text'} onClick={() => setAt({ quiz: m.quiz!.id })} data-testid={`quiz-${m.quiz.id}`}>
                        {progress.quizzes[m.quiz.id]?.passed ? <CheckCircleOutlined aria-label={pick('已通过', 'passed')} /> : null} {pick('小测验', 'Quiz')}
                      </Button>
                    </li>
                  )}
                </ul>
              </div>
            ))}
          </nav>
          <div style={{ flex: '3 1 320px', minWidth: 0 }}>
            {cur ? (
              <section aria-labelledby={`lesson-title-${cur.id}`} data-testid="lesson">
                <Typography.Title level={4} id={`lesson-title-${cur.id}`}>{bi(cur.title)}</Typography.Title>
                <Blocks blocks={cur.body} />
                <Button type="primary" size="large" onClick={() => done(cur.id)} data-testid="lesson-done">
                  {progress.lessonsDone.includes(cur.id) ? pick('下一步', 'Next') : pick('我已读完', 'I have read this')}
                </Button>
              </section>
            ) : at.quiz ? (
              <Quiz key={at.quiz} mc={mc} quizId={at.quiz} onDone={setMc} />
            ) : (
              <Empty description={pick('从左侧目录选择一课', 'Choose a lesson from the contents')} />
            )}
          </div>
        </div>
      )}
    </article>
  );
}

export default function PortalPanel({ caseRef }: { caseRef: string }) {
  const { pick } = useI18n();
  const bi = useBi();
  const [view, setView] = useState<View>(viewFromHash);
  const list = useLoad(() => get<{ items: MyCourse[] }>('/api/v1/courses/portal'), [caseRef, view?.code]);
  if (view) return <CourseView code={view.code} initialLesson={view.lesson} onBack={() => { window.location.hash = ''; setView(null); }} />;
  if (list.loading && !list.data) return <Spin />;
  return (
    <div data-testid="courses-portal">
      <Alert type="info" showIcon style={{ marginBottom: 16 }}
        title={pick('免费的信用知识课程。任何人都无法删除真实的信用记录或保证提高信用评分；课程教您依法可以做的事。', 'Free credit-literacy courses. Nobody can remove true credit records or promise a higher score; these courses teach what you lawfully can do.')} />
      <List
        grid={{ gutter: 16, xs: 1, sm: 1, md: 2, lg: 3 }}
        dataSource={list.data?.items ?? []}
        renderItem={(c) => (
          <List.Item>
            <Card title={<Typography.Title level={4} style={{ margin: 0, whiteSpace: 'normal' }}>{bi(c.course.title)}</Typography.Title>} data-testid={`course-${c.course.code}`}
              extra={c.recommended ? <Tag color="blue">{pick('推荐', 'For you')}</Tag> : null}>
              <Typography.Paragraph ellipsis={{ rows: 3 }}>{bi(c.course.summary)}</Typography.Paragraph>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{pick(`约 ${c.minutes} 分钟`, `About ${c.minutes} min`)}</Typography.Text>
                <Progress percent={Math.round(c.progress.fraction * 100)} size="small" aria-label={pick('进度', 'Progress')} />
                <Button type={c.progress.status === 'completed' ? 'default' : 'primary'} block onClick={() => setView({ code: c.course.code })} data-testid={`open-${c.course.code}`}>
                  {c.progress.status === 'not_started' ? pick('了解课程', 'View course') : c.progress.status === 'completed' ? pick('查看与证书', 'Review & certificate') : pick('继续学习', 'Continue')}
                </Button>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    </div>
  );
}
