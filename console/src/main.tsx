import { render } from "preact";
import { registerNotificationWorker } from "./alarm/alarm-notification.ts";
import { App } from "./app.tsx";
import { initI18n, initialLanguage } from "./lib/i18n.ts";
import "./styles.css";

const language = initialLanguage();
await initI18n(language);
registerNotificationWorker();
render(<App initialLanguage={language} />, document.getElementById("app")!);
