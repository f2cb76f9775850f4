// Human review queue (COL-85, PIPL art 24): requests from debtors (and staff) for an explanation and a human review
// of an automated score or plan; a compliance officer or admin resolves each with a written explanation.
import { useState } from 'react';
import { App as AntApp, Button, Card, Input, Modal, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { get, post } from '../../api/client';
import type { ReviewRequest } from '../../api/risk';
import { useLoad, useShowError } from '../../common';
import { useRiskT } from './dict';

export default function ReviewsPage() {
  const t = useRiskT();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const list = useLoad(() => get<{ items: ReviewRequest[] }>('/api/v1/risk/review-requests'));
  const [open, setOpen] = useState<ReviewRequest | null>(null);
  const [text, setText] = useState('');
  const resolve = async () => {
    if (!open) return;
    try {
      await post(`/api/v1/risk/review-requests/${open.id}/resolve`, { resolution: text });
      void message.success(t('resolved'));
      setOpen(null);
      setText('');
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card title={t('reviews')} data-testid="risk-reviews">
      <Typography.Paragraph type="secondary">{t('humanReview')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('emptyReviews') }}
        columns={[
          { title: t('caseId'), dataIndex: 'caseId', width: 220, render: (v: string) => <Link to={`/admin/cases/${v}`}>{v}</Link> },
          { title: t('requester'), dataIndex: 'requesterKind', width: 100, render: (v: 'debtor' | 'staff') => <Tag color={v === 'debtor' ? 'orange' : 'default'}>{t(v)}</Tag> },
          { title: t('reason'), dataIndex: 'reason', render: (v: string) => <span data-testid="review-reason">{v}</span> },
          { title: '', width: 100, render: (_, r) => <Button size="small" type="primary" onClick={() => setOpen(r)} data-testid="review-resolve">{t('resolve')}</Button> },
        ]}
      />
      <Modal open={!!open} title={t('resolution')} onCancel={() => setOpen(null)} onOk={() => void resolve()} okButtonProps={{ disabled: !text.trim(), 'data-testid': 'review-ok' } as React.ComponentProps<typeof Button>}>
        <Typography.Paragraph>{open?.reason}</Typography.Paragraph>
        <Input.TextArea rows={4} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="review-resolution" />
      </Modal>
    </Card>
  );
}
