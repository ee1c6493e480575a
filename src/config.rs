//! Configuration: `DIMOS_*` environment variables over an optional `dimos.toml` over defaults.
//! Every value is checked here, once; a bad one is reported with its key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub smtp_url: Option<String>,
    pub public_url: String,
    pub secure_cookies: bool,
    pub municipality_name: String,
    pub municipality_name_en: String,
    pub log_format: LogFormat,
    pub trust_forwarded_for: bool,
    pub session_idle_minutes: u64,
    pub session_max_hours: u64,
    /// Mail-sending forms one client address may use in 10 minutes.
    pub mail_forms_per_client: u32,
    /// The sender of the portal's mail, e.g. `Δήμος <noreply@dimos.example>`.
    pub mail_from: String,
    /// The key that seals secrets at rest (base64 of 32 bytes); unset: a key file in the data dir.
    pub secret_key: Option<SecretString>,
    /// The municipality's signing certificate for issued documents (PKCS#12); unset: a
    /// self-signed one under the data dir.
    pub signing_p12: Option<PathBuf>,
    pub signing_p12_password: Option<SecretString>,
}

/// A setting that must never be printed: its `Debug` hides it.
#[derive(Clone)]
pub struct SecretString(pub String);

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// A bad setting: which key, what is wrong.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{key}: {problem}")]
    Invalid { key: String, problem: String },
    #[error("{path}: {problem}")]
    File { path: String, problem: String },
}

/// Every setting: its environment variable and its key in `dimos.toml`.
const KEYS: &[(&str, &str)] = &[
    ("DIMOS_LISTEN", "listen"),
    ("DIMOS_DATABASE_URL", "database_url"),
    ("DIMOS_DATA_DIR", "data_dir"),
    ("DIMOS_SMTP_URL", "smtp_url"),
    ("DIMOS_PUBLIC_URL", "public_url"),
    ("DIMOS_SECURE_COOKIES", "secure_cookies"),
    ("DIMOS_MUNICIPALITY_NAME", "municipality_name"),
    ("DIMOS_MUNICIPALITY_NAME_EN", "municipality_name_en"),
    ("DIMOS_LOG_FORMAT", "log_format"),
    ("DIMOS_TRUST_FORWARDED_FOR", "trust_forwarded_for"),
    ("DIMOS_SESSION_IDLE_MINUTES", "session_idle_minutes"),
    ("DIMOS_SESSION_MAX_HOURS", "session_max_hours"),
    ("DIMOS_MAIL_FORMS_PER_CLIENT", "mail_forms_per_client"),
    ("DIMOS_MAIL_FROM", "mail_from"),
    ("DIMOS_SECRET_KEY", "secret_key"),
    ("DIMOS_SIGNING_P12", "signing_p12"),
    ("DIMOS_SIGNING_P12_PASSWORD", "signing_p12_password"),
];

impl Config {
    /// Loads the configuration of this process: the file named (or `./dimos.toml` when it
    /// exists), then the environment on top.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_with(file, |var| std::env::var(var).ok())
    }

    /// Like [`Config::load`], with the environment given by `env` (for tests and tools).
    pub fn load_with(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let default_file = Path::new("dimos.toml");
        let file = match file {
            Some(path) => Some(path),
            None if default_file.exists() => Some(default_file),
            None => None,
        };
        let mut values = match file {
            Some(path) => read_file(path)?,
            None => BTreeMap::new(),
        };
        for (var, key) in KEYS {
            if let Some(value) = env(var) {
                values.insert((*key).to_owned(), (var.to_string(), value));
            }
        }
        Config::from_values(&values)
    }

    /// Builds a configuration from `key → (where it came from, value)`.
    fn from_values(values: &BTreeMap<String, (String, String)>) -> Result<Config, ConfigError> {
        let get = |key: &str| {
            values
                .get(key)
                .map(|(source, v)| (source.as_str(), v.trim()))
        };
        let invalid = |source: &str, problem: String| ConfigError::Invalid {
            key: source.to_owned(),
            problem,
        };

        let listen = match get("listen") {
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
            Some((source, v)) => v.parse().map_err(|_| {
                invalid(
                    source,
                    format!("`{v}` is not an address with a port, such as 127.0.0.1:8080"),
                )
            })?,
        };
        let database_url = match get("database_url") {
            None => "sqlite://data/dimos.db".to_owned(),
            Some((source, v)) => {
                if dimos_db::Backend::from_url(v).is_err() || v.ends_with("://") {
                    return Err(invalid(
                        source,
                        "must be a sqlite://FILE or postgres://USER@HOST/DATABASE URL".into(),
                    ));
                }
                v.to_owned()
            }
        };
        let data_dir = match get("data_dir") {
            None => PathBuf::from("data"),
            Some((source, "")) => return Err(invalid(source, "must not be empty".into())),
            Some((_, v)) => PathBuf::from(v),
        };
        let smtp_url = match get("smtp_url") {
            None | Some((_, "")) => None,
            Some((source, v)) => {
                if !(v.starts_with("smtp://") || v.starts_with("smtps://"))
                    || v.len() <= "smtps://".len()
                {
                    return Err(invalid(
                        source,
                        "must be an smtp://… or smtps://… URL".into(),
                    ));
                }
                Some(v.to_owned())
            }
        };
        let public_url = match get("public_url") {
            None => public_url_from_listen(listen),
            Some((source, v)) => {
                let rest = v
                    .strip_prefix("https://")
                    .or_else(|| v.strip_prefix("http://"));
                if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
                    return Err(invalid(
                        source,
                        format!("`{v}` is not an http:// or https:// URL"),
                    ));
                }
                v.trim_end_matches('/').to_owned()
            }
        };
        let secure_cookies = match get("secure_cookies") {
            // A URL derived from the listen address is plain http: no `Secure` cookies there.
            None => get("public_url").is_some() && !is_local_http(&public_url),
            Some((source, v)) => parse_bool(v)
                .ok_or_else(|| invalid(source, format!("`{v}` is not true or false")))?,
        };
        let name = |key: &str, default: &str| -> Result<String, ConfigError> {
            match get(key) {
                None => Ok(default.to_owned()),
                Some((source, "")) => Err(invalid(source, "must not be empty".into())),
                Some((_, v)) => Ok(v.to_owned()),
            }
        };
        let log_format = match get("log_format") {
            None | Some((_, "text")) => LogFormat::Text,
            Some((_, "json")) => LogFormat::Json,
            Some((source, v)) => return Err(invalid(source, format!("`{v}` is not text or json"))),
        };
        let trust_forwarded_for = match get("trust_forwarded_for") {
            None => false,
            Some((source, v)) => parse_bool(v)
                .ok_or_else(|| invalid(source, format!("`{v}` is not true or false")))?,
        };
        let whole = |key: &str, default: u64, max: u64| -> Result<u64, ConfigError> {
            match get(key) {
                None => Ok(default),
                Some((source, v)) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        invalid(
                            source,
                            format!("`{v}` is not a whole number from 1 to {max}"),
                        )
                    }),
            }
        };
        let session_idle_minutes = whole("session_idle_minutes", 30, 24 * 60)?;
        let mail_forms_per_client =
            u32::try_from(whole("mail_forms_per_client", 5, 100_000)?).unwrap_or(5);
        let session_max_hours = whole("session_max_hours", 12, 24 * 30)?;
        let (default_el, default_en) = dimos_app::AppSettings::default_municipality();
        let municipality_name = name("municipality_name", &default_el)?;
        let mail_from = match get("mail_from") {
            None => format!("{municipality_name} <noreply@{}>", mail_domain(&public_url)),
            Some((source, v)) => {
                let address = v
                    .rsplit_once('<')
                    .map_or(v, |(_, a)| a.trim_end_matches('>'));
                if !address.contains('@') || v.contains('\n') {
                    return Err(invalid(
                        source,
                        format!("`{v}` is not a mailbox such as \"Δήμος <noreply@dimos.example>\""),
                    ));
                }
                v.to_owned()
            }
        };
        let secret_key = match get("secret_key") {
            None | Some((_, "")) => None,
            Some((source, v)) => {
                let decoded = base64_len(v);
                if decoded != Some(32) {
                    return Err(invalid(
                        source,
                        "must be 32 bytes in base64, e.g. from `openssl rand -base64 32`".into(),
                    ));
                }
                Some(SecretString(v.to_owned()))
            }
        };
        let signing_p12 = match get("signing_p12") {
            None | Some((_, "")) => None,
            Some((_, v)) => Some(PathBuf::from(v)),
        };
        let signing_p12_password =
            get("signing_p12_password").map(|(_, v)| SecretString(v.to_owned()));
        Ok(Config {
            listen,
            database_url,
            data_dir,
            smtp_url,
            public_url,
            secure_cookies,
            municipality_name,
            municipality_name_en: name("municipality_name_en", &default_en)?,
            log_format,
            trust_forwarded_for,
            session_idle_minutes,
            mail_forms_per_client,
            session_max_hours,
            mail_from,
            secret_key,
            signing_p12,
            signing_p12_password,
        })
    }

    /// The database URL with any password hidden, for logs.
    pub fn database_url_redacted(&self) -> String {
        redact_password(&self.database_url)
    }
}

fn read_file(path: &Path) -> Result<BTreeMap<String, (String, String)>, ConfigError> {
    let shown = path.display().to_string();
    let file_error = |problem: String| ConfigError::File {
        path: shown.clone(),
        problem,
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| file_error(format!("cannot read: {e}")))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        file_error(e.message().to_owned() + &line_of(&text, e.span()))
    })?;
    let mut values = BTreeMap::new();
    for (key, value) in table {
        if !KEYS.iter().any(|(_, k)| *k == key) {
            let known: Vec<&str> = KEYS.iter().map(|(_, k)| *k).collect();
            return Err(file_error(format!(
                "unknown key `{key}` (known: {})",
                known.join(", ")
            )));
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            other => {
                return Err(file_error(format!(
                    "`{key}` must be a string, not {}",
                    other.type_str()
                )));
            }
        };
        values.insert(key.clone(), (format!("{shown}: {key}"), value));
    }
    Ok(values)
}

fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| {
        format!(
            " (line {})",
            text[..s.start.min(text.len())].lines().count().max(1)
        )
    })
    .unwrap_or_default()
}

/// How many bytes a standard base64 text decodes to, if it is base64 at all.
fn base64_len(text: &str) -> Option<usize> {
    let body = text.trim_end_matches('=');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return None;
    }
    Some(body.len() * 3 / 4)
}

/// The public URL's host name for a sender address; `localhost` when it is an IP address.
fn mail_domain(public_url: &str) -> String {
    let host = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    let host = host.split(['/', ':']).next().unwrap_or("");
    if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        "localhost".to_owned()
    } else {
        host.to_owned()
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The public URL when none is set: the listen address itself, so that links in mails reach
/// this instance; an unspecified address (`0.0.0.0`, `::`) is reached through the loopback.
fn public_url_from_listen(listen: SocketAddr) -> String {
    let port = listen.port();
    match listen.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => format!("http://127.0.0.1:{port}"),
        ip if ip.is_unspecified() => format!("http://localhost:{port}"),
        std::net::IpAddr::V4(ip) => format!("http://{ip}:{port}"),
        std::net::IpAddr::V6(ip) => format!("http://[{ip}]:{port}"),
    }
}

/// Plain HTTP on this machine: cookies cannot be `Secure` there.
fn is_local_http(public_url: &str) -> bool {
    public_url.strip_prefix("http://").is_some_and(|rest| {
        rest.starts_with("127.") || rest.starts_with("localhost") || rest.starts_with("[::1]")
    })
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let values = pairs
            .iter()
            .map(|(k, v)| {
                let var = KEYS.iter().find(|(_, key)| key == k).unwrap().0;
                ((*k).to_owned(), (var.to_owned(), (*v).to_owned()))
            })
            .collect();
        Config::from_values(&values)
    }

    #[test]
    fn the_public_url_follows_the_listen_address_unless_set() {
        let public = |listen: &str| config(&[("listen", listen)]).unwrap().public_url;
        assert_eq!(public("127.0.0.1:9000"), "http://127.0.0.1:9000");
        assert_eq!(public("0.0.0.0:8081"), "http://127.0.0.1:8081");
        assert_eq!(public("[::]:8082"), "http://localhost:8082");
        assert_eq!(public("[::1]:8083"), "http://[::1]:8083");
        assert_eq!(public("10.1.2.3:80"), "http://10.1.2.3:80");
        for listen in ["0.0.0.0:8081", "10.1.2.3:80"] {
            let c = config(&[("listen", listen)]).unwrap();
            assert!(!c.secure_cookies, "a derived URL is plain http: {listen}");
        }
        let c = config(&[
            ("listen", "0.0.0.0:8081"),
            ("public_url", "https://e.dimos.gr"),
        ]);
        assert_eq!(c.unwrap().public_url, "https://e.dimos.gr");
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = config(&[]).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://data/dimos.db");
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert_eq!(c.smtp_url, None);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(
            !c.secure_cookies,
            "plain http on localhost cannot carry Secure cookies"
        );
        assert_eq!(c.log_format, LogFormat::Text);
        assert!(!c.trust_forwarded_for);
        assert_eq!((c.session_idle_minutes, c.session_max_hours), (30, 12));
        assert_eq!(c.mail_forms_per_client, 5);
        assert_eq!(c.mail_from, "Δήμος <noreply@localhost>");
        let c = config(&[("public_url", "https://e.dimos.gr/")]).unwrap();
        assert_eq!(c.mail_from, "Δήμος <noreply@e.dimos.gr>");
    }

    #[test]
    fn secure_cookies_follow_the_public_url_unless_set() {
        assert!(
            config(&[("public_url", "https://e.dimos.gr")])
                .unwrap()
                .secure_cookies
        );
        assert!(
            config(&[("public_url", "http://portal.dimos.gr")])
                .unwrap()
                .secure_cookies
        );
        assert!(
            !config(&[("public_url", "http://localhost:8080/")])
                .unwrap()
                .secure_cookies
        );
        let c = config(&[
            ("public_url", "https://e.dimos.gr"),
            ("secure_cookies", "false"),
        ])
        .unwrap();
        assert!(!c.secure_cookies);
        assert_eq!(
            config(&[("public_url", "https://e.dimos.gr/")])
                .unwrap()
                .public_url,
            "https://e.dimos.gr"
        );
    }

    #[test]
    fn bad_values_name_their_key() {
        let cases = [
            ("listen", "8080", "DIMOS_LISTEN"),
            ("listen", "localhost", "DIMOS_LISTEN"),
            ("database_url", "mysql://x/y", "DIMOS_DATABASE_URL"),
            ("database_url", "sqlite://", "DIMOS_DATABASE_URL"),
            ("data_dir", "", "DIMOS_DATA_DIR"),
            ("smtp_url", "http://mail", "DIMOS_SMTP_URL"),
            ("public_url", "e.dimos.gr", "DIMOS_PUBLIC_URL"),
            ("public_url", "https://", "DIMOS_PUBLIC_URL"),
            ("secure_cookies", "maybe", "DIMOS_SECURE_COOKIES"),
            ("municipality_name", " ", "DIMOS_MUNICIPALITY_NAME"),
            ("log_format", "xml", "DIMOS_LOG_FORMAT"),
            (
                "trust_forwarded_for",
                "sometimes",
                "DIMOS_TRUST_FORWARDED_FOR",
            ),
            ("session_idle_minutes", "0", "DIMOS_SESSION_IDLE_MINUTES"),
            ("session_idle_minutes", "ten", "DIMOS_SESSION_IDLE_MINUTES"),
            ("session_max_hours", "100000", "DIMOS_SESSION_MAX_HOURS"),
            ("mail_from", "nobody", "DIMOS_MAIL_FROM"),
            ("mail_forms_per_client", "0", "DIMOS_MAIL_FORMS_PER_CLIENT"),
            ("secret_key", "too-short", "DIMOS_SECRET_KEY"),
            ("secret_key", "AAAA", "DIMOS_SECRET_KEY"),
        ];
        for (key, value, var) in cases {
            let error = config(&[(key, value)]).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("{var}: ")),
                "{key}={value:?} gave {error}"
            );
            assert!(!error.contains('\n'), "one line: {error}");
        }
    }

    #[test]
    fn a_file_supplies_keys_and_rejects_unknown_ones() {
        let dir = std::env::temp_dir().join(format!("dimos-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("dimos.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:9000\"\nsecure_cookies = true\n").unwrap();
        let values = read_file(&file).unwrap();
        let c = Config::from_values(&values).unwrap();
        assert_eq!(c.listen.to_string(), "0.0.0.0:9000");
        assert!(c.secure_cookies);

        std::fs::write(&file, "listen = \"nowhere\"\n").unwrap();
        let error = Config::from_values(&read_file(&file).unwrap())
            .unwrap_err()
            .to_string();
        assert!(error.contains("dimos.toml: listen: `nowhere`"), "{error}");

        std::fs::write(&file, "lisen = \"0.0.0.0:9000\"\n").unwrap();
        assert!(
            read_file(&file)
                .unwrap_err()
                .to_string()
                .contains("unknown key `lisen`")
        );

        std::fs::write(&file, "listen = \n").unwrap();
        assert!(read_file(&file).unwrap_err().to_string().contains("line 1"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_secret_key_is_checked_and_never_printed() {
        let key = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
        let c = config(&[("secret_key", key)]).unwrap();
        assert_eq!(c.secret_key.as_ref().unwrap().0, key);
        assert!(!format!("{c:?}").contains(key));
    }

    #[test]
    fn passwords_in_database_urls_are_hidden() {
        assert_eq!(
            redact_password("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_password("sqlite://data/dimos.db"),
            "sqlite://data/dimos.db"
        );
    }
}
