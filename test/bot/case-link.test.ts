import { caseLinks } from '../../bot/teams/case-link';

const pupil = { upn: 'F801200100001', name: 'Zoë Brown' };

test('in Teams, "Open case" is a deep link into the case tab at the pupil, with a web fallback', () => {
  const link = caseLinks({ teamsAppId: '7a3f3c1e-0000-4000-8000-000000000001', publicHost: 'firstday.example.org', localBaseUrl: () => 'http://127.0.0.1:3978' })(pupil);
  const url = new URL(link);
  expect(`${url.origin}${url.pathname}`).toBe('https://teams.microsoft.com/l/entity/7a3f3c1e-0000-4000-8000-000000000001/my-cases');
  expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: 'F801200100001' });
  expect(url.searchParams.get('label')).toBe('Case: Zoë Brown');
  expect(url.searchParams.get('webUrl')).toBe('https://firstday.example.org/tab/index.html?view=my-cases&pupil=F801200100001');
});

test('without a Teams app id (local, Playground), it opens this server\'s tab page at the pupil', () => {
  let base = '';
  const link = caseLinks({ localBaseUrl: () => base });
  base = 'http://127.0.0.1:41234';
  expect(link(pupil)).toBe('http://127.0.0.1:41234/tab/index.html?view=my-cases&pupil=F801200100001');
});
