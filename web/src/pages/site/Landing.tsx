// The public tenant site: name, logo, colours, the services its approved filing permits, and a footer with the
// filing number (备案号) and complaint channel. On the platform host it is the platform's front page.
import { Button, Card, Col, Result, Row, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { get, type PublicSite } from '../../api/client';
import { useI18n } from '../../i18n';
import { LangSwitch, useLoad } from '../../common';
import { useSession } from '../../session';
import { tenantQuery } from '../../tenant';

export function useSite() {
  const { site } = useSession();
  const q = tenantQuery(site);
  return useLoad(() => get<PublicSite>(`/api/v1/public/site${q ? `?${q}` : ''}`), [q]);
}

/** Header band in the tenant's colours; used on the site and as the live preview in the branding editor. */
export function SitePreview({ displayName, logoUrl, tagline, colors, children }: { displayName: string; logoUrl: string | null; tagline: string | null; colors: { primary: string; secondary: string }; children?: React.ReactNode }) {
  return (
    <div data-testid="site-header" style={{ background: `linear-gradient(135deg, ${colors.primary}, ${colors.secondary})`, color: '#fff', padding: '28px 32px', borderRadius: 8 }}>
      <Space align="center" size={16}>
        {logoUrl && <img src={logoUrl} alt="logo" style={{ height: 48, maxWidth: 96, objectFit: 'contain', background: '#fff', borderRadius: 6, padding: 4 }} />}
        <div>
          <div style={{ fontSize: 24, fontWeight: 600 }} data-testid="site-name">{displayName}</div>
          {tagline && <div style={{ opacity: 0.9, marginTop: 4 }}>{tagline}</div>}
        </div>
      </Space>
      {children}
    </div>
  );
}

export function SiteFooter({ site }: { site: PublicSite }) {
  const { t } = useI18n();
  const c = site.complaintChannel;
  return (
    <footer data-testid="site-footer" style={{ marginTop: 32, padding: '20px 0', borderTop: '1px solid #e5e5e5', color: '#666', fontSize: 13 }}>
      {site.legalName && <div>{t('siteLegalName')}：{site.legalName}{site.usccMasked ? `（${site.usccMasked}）` : ''}</div>}
      <div>{t('siteFooterFiling')}：<span data-testid="filing-number">{site.filingNumber ?? '—'}</span></div>
      {(c.phone || c.email || c.url) && (
        <div>
          {t('siteComplaint')}：{[c.phone, c.email].filter(Boolean).join(' · ')}
          {c.url && <> · <a href={c.url} target="_blank" rel="noreferrer">{c.url}</a></>}
        </div>
      )}
    </footer>
  );
}

export function SiteFrame({ site, children }: { site: PublicSite; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ maxWidth: 960, margin: '0 auto', padding: 24 }}>
      <SitePreview displayName={site.displayName} logoUrl={site.logoUrl} tagline={site.tagline} colors={site.colors}>
        <Space style={{ marginTop: 20 }} wrap>
          <Link to="/"><Button ghost>{t('siteHome')}</Button></Link>
          <Link to="/verify"><Button ghost data-testid="nav-verify">{t('siteVerify')}</Button></Link>
          <Link to="/portal"><Button ghost>{t('sitePortal')}</Button></Link>
          <Link to="/sign-in"><Button ghost>{t('siteStaff')}</Button></Link>
          <LangSwitch />
        </Space>
      </SitePreview>
      {children}
      <SiteFooter site={site} />
    </div>
  );
}

export function SiteLanding() {
  const { t, pick } = useI18n();
  const { data: site, loading, error } = useSite();
  if (loading && !site) return <Spin style={{ margin: 48 }} />;
  if (!site) return <Result status="404" title={t('siteNotFound')} subTitle={error ? String((error as Error).message) : undefined} />;
  if (site.kind === 'platform') return <PlatformHome />;
  return (
    <SiteFrame site={site}>
      {site.status !== 'active' && <Result status="warning" title={site.status === 'pending' ? t('sitePending') : t('siteSuspended')} />}
      {site.status === 'active' && (
        <>
          <Typography.Title level={3} style={{ marginTop: 24 }}>{t('siteServices')}</Typography.Title>
          {site.services.length === 0 ? (
            <Typography.Paragraph>{t('siteNoServices')}</Typography.Paragraph>
          ) : (
            <Row gutter={[16, 16]} data-testid="site-services">
              {site.services.map((s) => (
                <Col key={s.scope} xs={24} sm={12} md={8}>
                  <Card style={{ borderTop: `3px solid ${site.colors.primary}` }}>
                    <Typography.Text strong>{pick(s.labelZh, s.labelEn)}</Typography.Text>
                  </Card>
                </Col>
              ))}
            </Row>
          )}
        </>
      )}
    </SiteFrame>
  );
}

function PlatformHome() {
  const { t } = useI18n();
  return (
    <div style={{ maxWidth: 720, margin: '80px auto', padding: 24 }}>
      <Space style={{ float: 'right' }}><LangSwitch /></Space>
      <Typography.Title data-testid="platform-headline">{t('platformHeadline')}</Typography.Title>
      <Typography.Paragraph style={{ fontSize: 16 }}>{t('platformIntro')}</Typography.Paragraph>
      <Link to="/sign-in"><Button type="primary" size="large">{t('signInTitlePlatform')}</Button></Link>
    </div>
  );
}
