/** The dashboard's entry: its styles (its own and the charts') and the app mounted on #app. */
import { render } from 'preact';
import { App } from './app';
import './styles.css';
import 'flywheel:chart-css';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
