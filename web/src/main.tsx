import { render } from 'solid-js/web';
import { App } from './app/app';
import './app.css';

const root = document.getElementById('root');
if (root) render(() => <App />, root);
