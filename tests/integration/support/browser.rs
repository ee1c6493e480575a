//! A browser-like client for the pages: keeps cookies, reads the CSRF token out of the page's
//! forms and sends it back, with the `Origin` header a browser sends.

use crate::support::TestApp;

pub struct Browser {
    pub client: reqwest::Client,
    base: String,
    /// The CSRF token of the last page fetched (the first `csrf_token` field on it).
    pub csrf: Option<String>,
}

/// A page as fetched: status, final URL path after redirects, and the HTML.
pub struct Page {
    pub status: u16,
    pub path: String,
    pub html: String,
}

impl Page {
    pub fn contains(&self, text: &str) -> bool {
        self.html.contains(text)
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        Browser::at(&self.address)
    }
}

impl Browser {
    /// A browser with no cookies yet, visiting the portal at `base` (`http://host:port`).
    pub fn at(base: &str) -> Browser {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        Browser {
            client,
            base: base.to_owned(),
            csrf: None,
        }
    }

    /// Goes on at another address with the same cookies (cookies do not depend on the port, so
    /// two instances on one host share them, as two instances behind one name would).
    pub fn switch_to(&mut self, base: &str) {
        base.clone_into(&mut self.base);
    }

    async fn page(&mut self, response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let path = response.url().path().to_owned();
        let html = response.text().await.unwrap();
        if let Some(token) = hidden_value(&html, "csrf_token") {
            self.csrf = Some(token);
        }
        Page { status, path, html }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    /// Submits a form as a browser would, with the token of the last page fetched.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut form: Vec<(&str, String)> =
            fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        if let Some(token) = &self.csrf {
            form.push(("csrf_token", token.clone()));
        }
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", &self.base)
            .form(&form)
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    /// Submits a form without any CSRF token (as a forged request would).
    pub async fn post_without_token(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    /// Logs in through the login page.
    pub async fn login(&mut self, username: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post("/login", &[("username", username), ("password", password)])
            .await
    }
}

/// The value of the first `<input type="hidden" name="{name}" value="…">` on the page.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_owned())
}
