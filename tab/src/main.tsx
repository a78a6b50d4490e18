/** The case tab's entry: find the host (Teams or local), then render. */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { connectToHost } from './host';

const root = createRoot(document.getElementById('root')!);
connectToHost().then((host) => root.render(<App host={host} />));
