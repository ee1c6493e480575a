//! Real headless Chromium, driven over WebDriver by a `chromedriver` of the test's own, with
//! axe-core run on every page a journey visits.
//!
//! [`run`] starts chromedriver (killed when the test ends), hands the journey a [`Chromium`] to
//! open windows (one WebDriver session, one fresh Chromium profile each), and, should the journey
//! fail, saves a screenshot and the source of every open window before the panic goes on.
//! Every page reached through a [`Window`] is checked as it loads: `<html lang>` matches the
//! window's language, the `<title>` is there and no other page of that window shares it, and
//! axe-core finds no WCAG 2.1 A/AA violation. Problems are gathered and the test fails at its end
//! with all of them listed. `DIMOS_BROWSER_VERBOSE=1` prints axe-core's counts for every page.
//!
//! Without chromedriver, Chromium or axe-core (`npm ci --prefix tests/browser`) the tests say so
//! and pass, unless `DIMOS_REQUIRE_BROWSER=1` (as in CI), which makes that a failure.

use crate::support::accounts::{STAFF_PASSWORD, code};
use dimos_web::Lang;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const AXE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/browser/node_modules/axe-core/axe.min.js"
);

/// How long a page may take to appear or an element to show up (a bound on waiting, not a
/// figure the tests assert).
const PATIENCE: Duration = Duration::from_secs(30);

/// Runs `journey` against real Chromium; see the module's description.
pub async fn run<F, Fut>(test: &'static str, journey: F)
where
    F: FnOnce(Chromium) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(tools) = Tools::find(test) else {
        return;
    };
    let driver = Driver::start(&tools.chromedriver).await;
    let chromium = Chromium {
        shared: Arc::new(Shared {
            test,
            driver_url: driver.url.clone(),
            chromium: tools.chromium,
            axe: tools.axe,
            windows: Mutex::new(Vec::new()),
            problems: Mutex::new(Vec::new()),
        }),
    };
    let outcome = tokio::spawn(journey(chromium.clone())).await;
    if outcome.is_err() {
        chromium.save_failure_evidence().await;
    }
    chromium.close_all().await;
    drop(driver);
    if let Err(failure) = outcome {
        chromium.print_problems();
        match failure.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("the journey did not finish: {e}"),
        }
    }
    let problems = chromium.problems();
    assert!(
        problems.is_empty(),
        "{} problem(s) on the pages:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// What the browser tests need on the machine.
struct Tools {
    chromedriver: PathBuf,
    chromium: PathBuf,
    axe: String,
}

impl Tools {
    fn find(test: &str) -> Option<Tools> {
        let chromedriver = on_path("chromedriver");
        let chromium = on_path("chromium");
        let axe = std::fs::read_to_string(AXE).ok();
        match (chromedriver, chromium, axe) {
            (Some(chromedriver), Some(chromium), Some(axe)) => Some(Tools {
                chromedriver,
                chromium,
                axe,
            }),
            (chromedriver, chromium, axe) => {
                let mut missing = Vec::new();
                if chromedriver.is_none() {
                    missing.push("chromedriver (apt-get install chromium-driver)");
                }
                if chromium.is_none() {
                    missing.push("chromium (apt-get install chromium)");
                }
                if axe.is_none() {
                    missing.push("axe-core (npm ci --prefix tests/browser)");
                }
                let missing = missing.join(", ");
                if std::env::var("DIMOS_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                    panic!("{test}: DIMOS_REQUIRE_BROWSER=1 but this is missing: {missing}");
                }
                eprintln!(
                    "NOTICE: {test} skipped: the browser tests need {missing}. \
                     Set DIMOS_REQUIRE_BROWSER=1 to make this a failure."
                );
                None
            }
        }
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A chromedriver on a port of its own, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    async fn start(program: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let status = format!("{}/status", driver.url);
        let probe = reqwest::Client::new();
        for _ in 0..400 {
            if let Ok(response) = probe.get(&status).send().await
                && let Ok(body) = response.json::<Value>().await
                && body["value"]["ready"] == true
            {
                return driver;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("chromedriver did not become ready at {status}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Shared {
    test: &'static str,
    driver_url: String,
    chromium: PathBuf,
    axe: String,
    /// Every window opened, by label, for the evidence of a failure and for closing.
    windows: Mutex<Vec<(String, Client)>>,
    /// Accessibility and page problems found so far.
    problems: Mutex<Vec<String>>,
}

/// The journey's handle on the browser: opens windows.
#[derive(Clone)]
pub struct Chromium {
    shared: Arc<Shared>,
}

impl Chromium {
    /// A new window (a WebDriver session with a fresh profile) on the portal at `base`.
    pub async fn window(&self, label: &str, base: &str) -> Window {
        let profile = tempfile::Builder::new()
            .prefix("dimos-chromium-")
            .tempdir()
            .expect("a profile dir");
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
            "--window-size=1280,900".to_owned(),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.shared.chromium,
                "args": args,
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.shared.driver_url)
            .await
            .unwrap_or_else(|e| panic!("a Chromium session for {label}: {e}"));
        self.shared
            .windows
            .lock()
            .unwrap()
            .push((label.to_owned(), client.clone()));
        Window {
            client,
            base: base.trim_end_matches('/').to_owned(),
            label: label.to_owned(),
            shared: self.shared.clone(),
            state: Arc::new(Mutex::new(WindowState {
                lang: "el",
                titles: BTreeMap::new(),
                _profile: profile,
            })),
        }
    }

    fn problems(&self) -> Vec<String> {
        self.shared.problems.lock().unwrap().clone()
    }

    fn print_problems(&self) {
        let problems = self.problems();
        if !problems.is_empty() {
            eprintln!("Problems found on the pages before the failure:\n");
            for problem in problems {
                eprintln!("{problem}\n");
            }
        }
    }

    /// A screenshot and the page source of every open window, saved and named on stderr.
    async fn save_failure_evidence(&self) {
        let dir = std::env::temp_dir().join("dimos-browser-failures");
        let _ = std::fs::create_dir_all(&dir);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let windows = self.shared.windows.lock().unwrap().clone();
        for (label, client) in windows {
            let stem = dir.join(format!("{}-{label}-{stamp}", self.shared.test));
            let url = client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            match client.screenshot().await {
                Ok(png) => {
                    let path = stem.with_extension("png");
                    if std::fs::write(&path, png).is_ok() {
                        eprintln!("{label} at {url}: screenshot {}", path.display());
                    }
                }
                Err(e) => eprintln!("{label}: no screenshot: {e}"),
            }
            if let Ok(source) = client.source().await {
                let path = stem.with_extension("html");
                if std::fs::write(&path, source).is_ok() {
                    eprintln!("{label} at {url}: page source {}", path.display());
                }
            }
        }
    }

    async fn close_all(&self) {
        let windows = std::mem::take(&mut *self.shared.windows.lock().unwrap());
        for (_, client) in windows {
            let _ = client.close().await;
        }
    }
}

struct WindowState {
    /// The language the pages should be in (`<html lang>`).
    lang: &'static str,
    /// Each title seen, with the page (path with ids blanked) that had it.
    titles: BTreeMap<String, String>,
    _profile: tempfile::TempDir,
}

/// One browser window of one user.
#[derive(Clone)]
pub struct Window {
    pub client: Client,
    base: String,
    label: String,
    shared: Arc<Shared>,
    state: Arc<Mutex<WindowState>>,
}

impl Window {
    /// Opens a page by its address (as typing it, or following a link in a mail), and checks it.
    pub async fn goto(&self, path_or_url: &str) {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            format!("{}{path_or_url}", self.base)
        };
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("{}: open {url}: {e}", self.label));
        self.loaded().await;
    }

    /// Opens a page in `lang` (`?lang=`), checks it, and that it is the page itself: no error
    /// page, no redirect (to the login, say).
    pub async fn visit(&self, path: &str, lang: &'static str) {
        self.state.lock().unwrap().lang = lang;
        let separator = if path.contains('?') { '&' } else { '?' };
        self.goto(&format!("{path}{separator}lang={lang}")).await;
        let wanted = path.split('?').next().unwrap_or_default();
        assert_eq!(
            self.path().await,
            wanted,
            "{}: {path} redirected",
            self.label
        );
        assert!(
            !self.has(".status-code").await,
            "{}: {path} is an error page",
            self.label
        );
    }

    /// Makes the page `width` CSS pixels wide (a phone's 375, say) and `height` high: the
    /// window is resized until the viewport has that size.
    pub async fn resize_viewport(&self, width: i64, height: i64) {
        let (mut outer_w, mut outer_h) = (width, height);
        for _ in 0..3 {
            self.client
                .set_window_size(outer_w as u32, outer_h as u32)
                .await
                .unwrap_or_else(|e| panic!("{}: resize: {e}", self.label));
            let inner = self
                .script("return [window.innerWidth, window.innerHeight];")
                .await;
            let (w, h) = (
                inner[0].as_i64().unwrap_or(0),
                inner[1].as_i64().unwrap_or(0),
            );
            if w == width && h == height {
                return;
            }
            outer_w += width - w;
            outer_h += height - h;
        }
        let inner = self.script("return window.innerWidth;").await;
        assert_eq!(
            inner, width,
            "{}: the viewport is {width} px wide",
            self.label
        );
    }

    /// Switches the language with the switch in the page's header, and checks the page.
    pub async fn switch_language(&self, code: &'static str) {
        self.state.lock().unwrap().lang = code;
        self.follow(&format!(".language-switch a[hreflang=\"{code}\"]"))
            .await;
    }

    /// Clicks what `css` finds, expecting a new page; waits for it and checks it.
    pub async fn follow(&self, css: &str) {
        self.mark_page().await;
        self.find(css).await.click().await.unwrap_or_else(|e| {
            panic!("{}: click {css}: {e}", self.label);
        });
        self.loaded().await;
    }

    /// Clicks what `css` finds, staying on the page (a radio button, a checkbox).
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("{}: click {css}: {e}", self.label));
    }

    /// Types `text` into the focused field.
    pub async fn type_text(&self, text: &str) {
        let active = self
            .client
            .active_element()
            .await
            .expect("a focused element");
        active
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("{}: typing into the focused field: {e}", self.label));
    }

    /// Presses `keys` together on the keyboard (to whatever has the focus: as a person does, and
    /// unlike typing into an element, harmless on a file input); when `navigates`, waits for and
    /// checks the new page.
    pub async fn key(&self, keys: &[Key], navigates: bool) {
        if navigates {
            self.mark_page().await;
        }
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys {
            actions = actions.then(KeyAction::Down {
                value: (*key).into(),
            });
        }
        for key in keys.iter().rev() {
            actions = actions.then(KeyAction::Up {
                value: (*key).into(),
            });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("{}: keys {keys:?}: {e}", self.label));
        if navigates {
            self.loaded().await;
        }
    }

    pub async fn tab(&self) {
        self.key(&[Key::Tab], false).await;
    }

    /// The focused element, described as `#id`, or `tag.class` with its text.
    pub async fn focused(&self) -> String {
        let described = self.script(&format!("return {DESCRIBE};")).await;
        described.as_str().unwrap_or_default().to_owned()
    }

    /// Keeps (on the page) how the focused element looks, to compare with its look unfocused;
    /// returns the element as [`Self::focused`] describes it.
    pub async fn remember_focus(&self) -> String {
        let described = self
            .script(&format!(
                "window.__dimosFocus = window.__dimosFocus || [];
                 const e = document.activeElement;
                 if (e && e !== document.body) window.__dimosFocus.push([e, {LOOK}(e)]);
                 return {DESCRIBE};"
            ))
            .await;
        described.as_str().unwrap_or_default().to_owned()
    }

    /// The elements remembered by [`Self::remember_focus`] that look the same now, unfocused,
    /// as they did focused: their focus is not visible (WCAG 2.4.7).
    pub async fn focus_not_shown(&self) -> Vec<String> {
        let unchanged = self
            .script(&format!(
                "return (window.__dimosFocus || [])
                   .filter(([e, look]) => e !== document.activeElement && {LOOK}(e) === look)
                   .map(([e]) => e.outerHTML.slice(0, 160));"
            ))
            .await;
        serde_json::from_value(unchanged).expect("a list")
    }

    /// Tabs through the whole page from its top, and records a problem for every stop whose
    /// focus is not visible.
    pub async fn check_focus_everywhere(&self) {
        self.script(
            "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
        )
        .await;
        let mut first = None;
        let mut stops = 0;
        for _ in 0..250 {
            self.tab().await;
            let focused = self.remember_focus().await;
            if focused.is_empty() || focused == "body" || first.as_ref() == Some(&focused) {
                break;
            }
            first.get_or_insert(focused);
            stops += 1;
        }
        if std::env::var_os("DIMOS_BROWSER_VERBOSE").is_some() {
            eprintln!("{}: {stops} focus stops", self.label);
        }
        assert!(
            stops > 3,
            "{}: the page has {stops} focus stops",
            self.label
        );
        // Away from the last stop, so that every stop is compared unfocused.
        self.script("document.activeElement && document.activeElement.blur();")
            .await;
        let path = self.path().await;
        let problems = self
            .focus_not_shown()
            .await
            .into_iter()
            .map(|html| format!("{} {path}: the focus is not visible on {html}", self.label));
        self.shared.problems.lock().unwrap().extend(problems);
    }

    /// Types `value` into the field named `name`, replacing what was there.
    pub async fn fill(&self, name: &str, value: &str) {
        let field = self.find(&format!("[name=\"{name}\"]")).await;
        field.clear().await.expect("clear a field");
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("{}: type into {name}: {e}", self.label));
    }

    /// Types an ISO date into the day, month and year boxes of the date field `name`, in the
    /// order the page shows them (day first, as Greeks write dates).
    pub async fn fill_date(&self, name: &str, iso: &str) {
        let (year, month, day) = date_parts(iso);
        self.fill(&format!("{name}_day"), day).await;
        self.fill(&format!("{name}_month"), month).await;
        self.fill(&format!("{name}_year"), year).await;
    }

    /// Types an ISO date from the focused day box on, moving to the month and the year box with
    /// Tab as a keyboard user does (the focus of each box is remembered, to check it shows).
    pub async fn type_date(&self, iso: &str) {
        let (year, month, day) = date_parts(iso);
        self.type_text(day).await;
        for part in [month, year] {
            self.tab().await;
            self.remember_focus().await;
            self.type_text(part).await;
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{}: no {css} on the page: {e}", self.label))
    }

    pub async fn has(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("a search of the page")
            .is_empty()
    }

    /// The value of a form field.
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .expect("a value")
            .unwrap_or_default()
    }

    /// The text of the page's `<main>` as shown.
    pub async fn text(&self) -> String {
        self.find("main")
            .await
            .text()
            .await
            .expect("the page's text")
    }

    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("the URL")
            .path()
            .to_owned()
    }

    /// Runs a script on the page and returns what it returns.
    pub async fn script(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{}: script failed: {e}", self.label))
    }

    /// Marks the document, so that [`Self::loaded`] knows when another has replaced it.
    async fn mark_page(&self) {
        self.script("window.__dimosOldPage = true;").await;
    }

    /// Waits for a page that is not the marked one to finish loading, then checks it.
    async fn loaded(&self) {
        for _ in 0..600 {
            let ready = self
                .client
                .execute(
                    "return window.__dimosOldPage !== true && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if ready.is_ok_and(|v| v == true) {
                self.check_page().await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{}: the next page did not load", self.label);
    }

    /// The checks every page gets; problems are gathered for the end of the test.
    async fn check_page(&self) {
        let facts = self
            .script(
                "return {lang: document.documentElement.lang, title: document.title,
                         path: location.pathname, search: location.search};",
            )
            .await;
        let path = facts["path"].as_str().unwrap_or_default().to_owned();
        let page = format!(
            "{} {}{}",
            self.label,
            path,
            facts["search"].as_str().unwrap_or_default()
        );
        let title = facts["title"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let mut problems = Vec::new();
        {
            let mut state = self.state.lock().unwrap();
            let lang = facts["lang"].as_str().unwrap_or_default();
            if lang != state.lang {
                problems.push(format!(
                    "{page}: <html lang=\"{lang}\">, expected \"{}\"",
                    state.lang
                ));
            }
            let kind = page_kind(&path);
            // The part before « — municipality» is the page's own.
            let own = title.split(" — ").next().unwrap_or_default().trim();
            if own.is_empty() {
                problems.push(format!("{page}: the <title> \"{title}\" names no page"));
            }
            match state.titles.get(&title) {
                Some(other) if *other != kind => problems.push(format!(
                    "{page}: the <title> \"{title}\" is also the title of {other}"
                )),
                _ => {
                    state.titles.insert(title.clone(), kind);
                }
            }
        }
        for violation in self.axe().await {
            problems.push(format!("{page} (\"{title}\"): {violation}"));
        }
        self.shared.problems.lock().unwrap().extend(problems);
    }

    /// axe-core's WCAG 2.1 A and AA violations on the page, each in words (`axe <rule id> …`).
    pub async fn axe(&self) -> Vec<String> {
        self.client
            .execute(&self.shared.axe, vec![])
            .await
            .expect("axe-core loads into the page");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag',
                                   values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done({passes: r.passes.length,
                       incomplete: r.incomplete.map(v => v.id + ' ' + v.nodes.map(n => n.target).join(',')),
                       violations: r.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                                 summary: n.failureSummary}))}))}))
                   .catch(e => done({error: String(e)}));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        if let Some(error) = result.get("error") {
            return vec![format!("axe-core failed: {error}")];
        }
        if result["passes"].as_u64().unwrap_or(0) == 0 {
            return vec![format!("axe-core checked nothing: {result}")];
        }
        if std::env::var_os("DIMOS_BROWSER_VERBOSE").is_some() {
            eprintln!(
                "{}: axe-core: {} rules passed, {} violated, to review: {}",
                self.label,
                result["passes"],
                result["violations"].as_array().map_or(0, Vec::len),
                result["incomplete"]
            );
        }
        result["violations"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                let nodes: Vec<String> = v["nodes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| {
                        format!(
                            "    - {} {}\n      {}",
                            n["target"],
                            n["html"].as_str().unwrap_or_default(),
                            n["summary"]
                                .as_str()
                                .unwrap_or_default()
                                .replace('\n', "\n      ")
                        )
                    })
                    .collect();
                format!(
                    "axe {} ({}): {}\n{}",
                    v["id"].as_str().unwrap_or_default(),
                    v["impact"].as_str().unwrap_or_default(),
                    v["help"].as_str().unwrap_or_default(),
                    nodes.join("\n")
                )
            })
            .collect()
    }
}

/// The focused element as `#id`, or `tag.class…` (`[submit]` for a submit button), or `body`
/// (JavaScript).
const DESCRIBE: &str = "(e => !e ? '' : e === document.body ? 'body' : e.id ? '#' + e.id
    : e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ').join('.') : '')
      + (e.type === 'submit' ? '[submit]' : ''))(document.activeElement)";

/// What makes a focus indicator, as a function of an element (JavaScript).
const LOOK: &str = "(e => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.borderColor, s.textDecorationLine].join('|'); })";

/// An ISO date's year, month and day.
fn date_parts(iso: &str) -> (&str, &str, &str) {
    let (year, rest) = iso.split_once('-').expect("an ISO date");
    let (month, day) = rest.split_once('-').expect("an ISO date");
    (year, month, day)
}

/// A page's path with the ids in it blanked: `/requests/{id}` is one kind of page.
fn page_kind(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.chars().any(|c| c.is_ascii_digit()) {
                "{id}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Logs in through the login form at `path`.
pub async fn log_in(window: &Window, path: &str, fields: &[(&str, &str)]) {
    window.goto(path).await;
    for (name, value) in fields {
        window.fill(name, value).await;
    }
    window
        .follow(&format!("form[action='{path}'] button[type=submit]"))
        .await;
    assert_ne!(window.path().await, path, "logged in at {path}");
}

/// Logs a member of staff in through the staff login page, with the one-time code.
pub async fn staff_login(window: &Window, username: &str, secret: &[u8], lang: Lang) {
    window.goto("/staff/login").await;
    if lang == Lang::En {
        window.switch_language("en").await;
    }
    window.fill("username", username).await;
    window.fill("password", STAFF_PASSWORD).await;
    window.fill("totp", &code(secret, 0)).await;
    window
        .follow("form[action='/staff/login'] button[type=submit]")
        .await;
    assert_eq!(window.path().await, "/staff", "{username} logged in");
}

/// At least `fields` fields are marked invalid; each names its messages in `aria-describedby`
/// (or its fieldset does), every message belongs to a field, and every link of a summary leads
/// to a field.
pub async fn assert_errors_are_tied_to_their_fields(window: &Window, fields: u64) {
    let found = window
        .script(
            "const problems = [];
             const invalid = [...document.querySelectorAll('[aria-invalid=\"true\"]')];
             for (const field of invalid) {
               // A radio button's group (its fieldset) may carry the message for all of them.
               let ids = [];
               for (let e = field; e; e = e.parentElement.closest('fieldset')) {
                 ids = ids.concat((e.getAttribute('aria-describedby') || '').split(/\\s+/));
                 if (!e.parentElement) break;
               }
               const messages = ids.map(id => id && document.getElementById(id))
                 .filter(e => e && e.classList.contains('field-errors'));
               if (messages.length === 0) problems.push(field.id + ': no message describes it');
             }
             for (const list of document.querySelectorAll('.field-errors')) {
               if (!document.querySelector('[aria-describedby~=\"' + list.id + '\"]'))
                 problems.push('the message ' + list.id + ' describes no field');
             }
             for (const link of document.querySelectorAll('.error-summary a')) {
               if (!document.getElementById(link.getAttribute('href').slice(1)))
                 problems.push('the summary link ' + link.getAttribute('href') + ' leads nowhere');
             }
             return {invalid: invalid.length, problems: problems};",
        )
        .await;
    assert!(
        found["invalid"].as_u64().unwrap_or(0) >= fields,
        "the fields in error are marked invalid: {found}"
    );
    assert_eq!(found["problems"], serde_json::json!([]), "{found}");
}
