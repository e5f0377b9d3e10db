import { render } from 'preact';

render(<p>Muster</p>, document.getElementById('app')!);
