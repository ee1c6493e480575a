//! The API as the tests drive it: bearer-token calls, citizens and staff made through the
//! API (registered, confirmed, certified), requests submitted and moved. [`Portal`] is the
//! HTTP side that the in-process [`TestApp`] and a `dimos serve` process
//! ([`Server`](crate::support::instances::Server)) share.

use crate::support::TestApp;
use crate::support::accounts::{PASSWORD, STAFF_PASSWORD, add_staff, code, registration};
use crate::support::store::store;
use dimos_domain::StaffRole;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The identity document a verifier certifies with over the API.
pub fn document() -> Value {
    json!({
        "document_type": "id_card",
        "document_number": "ΑΚ 918273",
        "issuing_authority": "Τ.Α. Αθηνών",
        "expires_on": "2035-01-31",
        "office": "citizen_service_centre"
    })
}

/// A portal at `address`, called over HTTP by a client that does not follow redirects (the
/// tests look at them). [`TestApp`] and [`Server`](crate::support::instances::Server) are each
/// one (through `Deref`), so the calls below serve both.
pub struct Portal {
    pub address: String,
    pub client: reqwest::Client,
}

impl Portal {
    pub fn at(address: String) -> Portal {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Portal { address, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request failed")
    }

    /// Registers a citizen over the API (the e-mail address still to be confirmed).
    pub async fn register(&self, username: &str, email: &str) -> Value {
        let response = self
            .post_json("/api/v1/citizens", &registration(username, email))
            .await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        response.json().await.unwrap()
    }

    /// Logs in over the API; returns the bearer token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response = self
            .post_json(
                "/api/v1/sessions",
                &json!({"username": username, "password": password}),
            )
            .await;
        token_of(response).await
    }

    /// The JSON answer to a GET with a bearer token (whatever its status).
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        self.get_with(path, token).await.json().await.unwrap()
    }

    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request failed")
    }
}

impl TestApp {
    /// Registers, confirms the e-mail through the mailed link and logs in; returns the token.
    pub async fn confirmed_citizen(&self, username: &str, email: &str) -> String {
        self.register(username, email).await;
        let mail = self.wait_for_mail(email, 1).await;
        let token = mail.token("http://127.0.0.1:8080/confirm-email?token=");
        let response = self
            .post_json("/api/v1/email-confirmations", &json!({ "token": token }))
            .await;
        assert_eq!(response.status(), 204);
        self.login(username, PASSWORD).await
    }

    pub async fn audit_count(&self, action: &str, outcome: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM audit_events WHERE action = $1 AND outcome = $2",
        )
        .bind(action)
        .bind(outcome)
        .fetch_one(store(self).await.pool())
        .await
        .unwrap()
    }
}

impl TestApp {
    pub async fn submit(&self, token: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/requests"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn clerk(&self, username: &str, departments: &[&str]) -> String {
        let secret = add_staff(self, username, &[StaffRole::Clerk], departments).await;
        self.staff_login(username, &secret).await
    }

    pub async fn transition(&self, token: &str, id: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/staff/requests/{id}/transition")))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

impl TestApp {
    /// Logs a member of staff in over the API; returns the bearer token.
    pub async fn staff_login(&self, username: &str, secret: &[u8]) -> String {
        let response = self
            .post_json(
                "/api/v1/staff/sessions",
                &json!({"username": username, "password": STAFF_PASSWORD, "totp": code(secret, 0)}),
            )
            .await;
        token_of(response).await
    }
}

impl TestApp {
    pub async fn verifier_token(&self, username: &str) -> String {
        let secret = add_staff(self, username, &[StaffRole::Verifier], &[]).await;
        self.staff_login(username, &secret).await
    }

    pub async fn certify(
        &self,
        staff_token: &str,
        citizen_id: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/staff/citizens/{citizen_id}/verification")))
            .bearer_auth(staff_token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Registers a citizen and certifies them at the counter; returns (citizen id, citizen token).
    pub async fn level_b_citizen(&self, username: &str, email: &str) -> (String, String) {
        let id = self.register(username, email).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let verifier = self.verifier_token(&format!("vera.{username}")).await;
        let response = self.certify(&verifier, &id, &document()).await;
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        let token = self.login(username, PASSWORD).await;
        (id, token)
    }
}

/// A confirmed citizen with a submitted request: (token, request id).
pub async fn citizen_with_request(app: &TestApp, username: &str) -> (String, String) {
    let token = app
        .confirmed_citizen(username, &format!("{username}@example.gr"))
        .await;
    let response = app
        .submit(
            &token,
            &json!({"service": "residence_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let body: Value = response.json().await.unwrap();
    (token, body["id"].as_str().unwrap().to_owned())
}

pub async fn clerk_of(app: &TestApp, username: &str, department: &str) -> (String, String) {
    let secret = add_staff(app, username, &[StaffRole::Clerk], &[department]).await;
    let token = app.staff_login(username, &secret).await;
    let id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_one(store(app).await.pool())
        .await
        .unwrap();
    (token, id)
}

/// `YYYY/000001` … `YYYY/{n}` of one year, nothing missing.
pub fn assert_gap_free(numbers: &BTreeSet<String>, n: usize) {
    let years: BTreeSet<&str> = numbers.iter().map(|p| &p[..4]).collect();
    assert_eq!(years.len(), 1, "{years:?}");
    let sequence: Vec<usize> = numbers.iter().map(|p| p[5..].parse().unwrap()).collect();
    assert_eq!(sequence, (1..=n).collect::<Vec<_>>(), "gap-free from 1");
}

/// The `id` of a JSON answer (a request, a citizen…).
pub async fn id_of(response: reqwest::Response) -> String {
    response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Νίκος, certified at the counter with a request by post; returns (citizen id, request id).
pub async fn level_b_citizen_with_a_request(app: &TestApp) -> (String, String) {
    let token = app.confirmed_citizen("nikos.k", "nikos@example.gr").await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    let citizen_id = me["id"].as_str().expect("an id").to_owned();
    let verifier = app.verifier_token("vera").await;
    let certified = app.certify(&verifier, &citizen_id, &document()).await;
    assert_eq!(certified.status(), 200);
    let submitted = app
        .submit(
            &token,
            &json!({"service": "birth_certificate", "delivery": "post", "notes": "Για τον στρατό"}),
        )
        .await;
    assert_eq!(submitted.status(), 201);
    let body: Value = submitted.json().await.unwrap();
    (citizen_id, body["id"].as_str().expect("an id").to_owned())
}

impl TestApp {
    /// Registers a citizen with `tax_number`, has a verifier certify them; returns (id, token).
    pub async fn certified_with(&self, username: &str, tax_number: &str) -> (String, String) {
        let mut body = registration(username, &format!("{username}@example.gr"));
        body["tax_number"] = json!(tax_number);
        let created = json_of(self.post_json("/api/v1/citizens", &body).await, 201).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let verifier = self.verifier_token(&format!("vera.{username}")).await;
        let document = json!({
            "document_type": "passport",
            "document_number": "AB1234567",
            "issuing_authority": "Αρχηγείο Ελληνικής Αστυνομίας",
            "expires_on": "2035-01-31",
            "office": "citizen_service_centre"
        });
        json_of(self.certify(&verifier, &id, &document).await, 200).await;
        (id, self.login(username, PASSWORD).await)
    }
}

/// The JSON of an answer that must have `status`.
pub async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status, "{:?}", response.text().await);
    response.json().await.unwrap()
}

/// The bearer token of a session just made (`201`).
pub async fn token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let body: Value = response.json().await.unwrap();
    body["token"].as_str().unwrap().to_owned()
}
