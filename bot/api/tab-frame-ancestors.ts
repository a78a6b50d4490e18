/**
 * Who may frame the tab: Teams and the other Microsoft 365 hosts, as Teams' tab requirements list them
 * (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements), and the server's own pages.
 * frame-ancestors is ignored in a <meta> policy, so it goes in a response header.
 */
import type { RequestHandler } from 'express';

export const TAB_FRAME_ANCESTORS = [
  "'self'",
  // Every Microsoft 365 host, as they move to cloud.microsoft.
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook-sdf.office.com',
  'https://outlook-sdf.office365.com',
];

export const TAB_FRAME_POLICY = `frame-ancestors ${TAB_FRAME_ANCESTORS.join(' ')}`;

export const tabFramePolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', TAB_FRAME_POLICY);
  next();
};
