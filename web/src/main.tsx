import { render } from 'solid-js/web';
import { StatusPage } from './routes/status';

const root = document.getElementById('root');
if (root) render(() => <StatusPage />, root);
