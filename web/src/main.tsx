import { render } from 'solid-js/web';
import { AppShell } from './components/app-shell';
import './app.css';

const root = document.getElementById('root');
if (root) render(() => <AppShell />, root);
