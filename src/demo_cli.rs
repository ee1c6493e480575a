//! `dimos demo`: demo citizens (Level A and B), staff, requests and back-office records, so
//! that a newcomer can try every journey at once. Prints the credentials.

use crate::config::Config;
use crate::serve::prepare;
use dimos_app::citizens::{AddressInput, Registration};
use dimos_app::requests::{SubmitInput, TransitionInput};
use dimos_app::staff::{NewStaffMember, StaffPrincipal};
use dimos_app::verification::CertificationInput;
use dimos_app::{App, AppError, CitizenPrincipal, ClientInfo};
use dimos_domain::{AssuranceLevel, RecordKind, StaffRole};

/// Demo passwords: long passphrases that pass the policy. Demo only — change or remove the
/// demo accounts before going live.
const CITIZEN_PASSWORD: &str = "Summer light over Athens 2026";
const STAFF_PASSWORD: &str = "Long queues are history now 2026";

fn operator() -> ClientInfo {
    ClientInfo {
        ip: "cli".into(),
        user_agent: "dimos demo".into(),
    }
}

/// demo.b's debts, fines and pending matter, brought in through the feeds' own checks as the
/// treasury would send them: payment references only where the treasury "issued" one (valid
/// ISO 11649 references), one open debt without, which is paid at the treasury.
async fn demo_records(app: &App, tax_number: &str, client: &ClientInfo) -> anyhow::Result<()> {
    let debts = serde_json::json!([
        {"external_id": "demo-debt-1", "tax_number": tax_number, "category": "ΤΑΠ",
         "description": "Τέλος ακίνητης περιουσίας 2026, α΄ δόση", "amount_cents": 4_250,
         "due_date": "2026-12-31", "status": "open", "rf_reference": "RF02DEMO2026000001"},
        {"external_id": "demo-debt-2", "tax_number": tax_number, "category": "Κλήση",
         "description": "Πρόστιμο στάθμευσης (βεβαιωμένο)", "amount_cents": 8_000,
         "due_date": "2026-09-30", "status": "open"},
        {"external_id": "demo-debt-3", "tax_number": tax_number, "category": "Ύδρευση",
         "description": "Λογαριασμός ύδρευσης Α΄ τριμήνου", "amount_cents": 3_120,
         "due_date": "2026-04-30", "status": "paid", "rf_reference": "RF45DEMO2026000003"},
    ]);
    let fines = serde_json::json!([
        {"external_id": "demo-fine-1", "tax_number": tax_number, "notice_number": "ΔΑ-2026-004512",
         "issued_on": "2026-11-10", "place": "Ερμού 40", "vehicle_plate": "ΙΚΤ-1234",
         "violation": "Στάθμευση σε θέση ΑμεΑ", "amount_cents": 8_000, "status": "open",
         "appeal_until": "2026-12-10", "rf_reference": "RF97DEMOFINE000001"},
    ]);
    let pending = serde_json::json!([
        {"external_id": "demo-pending-1", "tax_number": tax_number, "department": "registry",
         "title": "Ενημέρωση οικογενειακής μερίδας",
         "details": "Εκκρεμεί η καταχώριση γέννησης τέκνου.", "since": "2026-10-01",
         "action_needed": "Προσκομίστε ληξιαρχική πράξη γέννησης στο Δημοτολόγιο."},
    ]);
    for (kind, records) in [
        (RecordKind::Debts, debts),
        (RecordKind::Fines, fines),
        (RecordKind::Pending, pending),
    ] {
        let records = records.as_array().cloned().unwrap_or_default();
        app.import_system_batch(kind, records, "demo", client)
            .await
            .map_err(|e| anyhow::anyhow!("demo {kind}: {e}"))?;
    }
    Ok(())
}

fn registration(username: &str, email: &str, given: &str, family: &str, tax: &str) -> Registration {
    Registration {
        username: username.into(),
        password: CITIZEN_PASSWORD.into(),
        email: email.into(),
        given_name: given.into(),
        family_name: family.into(),
        father_name: "Γεώργιος".into(),
        birth_date: "1984-03-15".into(),
        tax_number: Some(tax.into()),
        social_security_number: None,
        phone: Some("6900000000".into()),
        address: AddressInput {
            street: "Ερμού 10".into(),
            postal_code: "10563".into(),
            city: "Αθήνα".into(),
        },
    }
}

/// Creates a member of staff unless the username exists; returns the TOTP URI when created.
async fn staff(
    app: &App,
    username: &str,
    display_name: &str,
    roles: &[StaffRole],
    departments: &[&str],
) -> anyhow::Result<(String, Option<String>)> {
    let new = NewStaffMember {
        username: username.into(),
        display_name: display_name.into(),
        password: STAFF_PASSWORD.into(),
        roles: roles.to_vec(),
        departments: departments.iter().map(|d| (*d).to_owned()).collect(),
    };
    match app.add_staff(None, &new, &operator()).await {
        Ok(created) => Ok((created.id, Some(created.otpauth_uri))),
        Err(AppError::UsernameTaken) => {
            let id = app
                .staff_id_by_username(username)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{username} vanished"))?;
            Ok((id, None))
        }
        Err(e) => Err(anyhow::anyhow!("{username}: {e}")),
    }
}

fn principal(
    id: &str,
    username: &str,
    roles: &[StaffRole],
    departments: &[&str],
) -> StaffPrincipal {
    StaffPrincipal {
        id: id.into(),
        username: username.into(),
        display_name: username.into(),
        roles: roles.to_vec(),
        departments: departments.iter().map(|d| (*d).to_owned()).collect(),
        session_id: String::new(),
        csrf_token: String::new(),
    }
}

pub async fn demo(config: Config) -> anyhow::Result<()> {
    let app = prepare(&config).await?.state.app;
    if app.citizen_username_exists("demo.a").await? {
        println!(
            "The demo data is already there. Citizens: demo.a (Level A), demo.b (Level B); password: {CITIZEN_PASSWORD}"
        );
        println!(
            "Staff: demo.admin, demo.verifier, demo.clerk, demo.treasury; password: {STAFF_PASSWORD} (TOTP URIs were printed the first time; `dimos staff reset-totp --username …` makes new ones)"
        );
        return Ok(());
    }
    let client = operator();
    let mut uris = Vec::new();
    for (username, name, roles, departments) in [
        (
            "demo.admin",
            "Άννα Αδαμοπούλου",
            vec![StaffRole::Admin],
            vec![],
        ),
        (
            "demo.verifier",
            "Βασίλης Βλάχος",
            vec![StaffRole::Verifier],
            vec![],
        ),
        (
            "demo.clerk",
            "Κώστας Καραγιάννης",
            vec![StaffRole::Clerk],
            vec!["registry", "civil_status"],
        ),
        (
            "demo.treasury",
            "Θεοδώρα Θεοχάρη",
            vec![StaffRole::Clerk],
            vec!["treasury", "municipal_police"],
        ),
    ] {
        let (id, uri) = staff(&app, username, name, &roles, &departments).await?;
        uris.push((username, id, roles, departments, uri));
    }

    let a = app
        .register_citizen(
            &registration(
                "demo.a",
                "demo.a@example.org",
                "Ελένη",
                "Δημητρίου",
                "123456783",
            ),
            &client,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo.a: {e}"))?;
    let b = app
        .register_citizen(
            &registration(
                "demo.b",
                "demo.b@example.org",
                "Νίκος",
                "Παπαδόπουλος",
                "090000045",
            ),
            &client,
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo.b: {e}"))?;
    for id in [&a.id, &b.id] {
        app.confirm_email_for_demo(id).await?;
    }
    let verifier_id = &uris[1].1;
    let verifier = principal(verifier_id, "demo.verifier", &[StaffRole::Verifier], &[]);
    let certification = CertificationInput {
        document_type: "id_card".into(),
        document_number: "ΑΚ 123456".into(),
        issuing_authority: "Τ.Α. Αθηνών".into(),
        expires_on: "2034-12-31".into(),
        office: "citizen_service_centre".into(),
        ..CertificationInput::default()
    };
    app.certify_identity(&verifier, &b.id, &certification, &client)
        .await
        .map_err(|e| anyhow::anyhow!("certifying demo.b: {e}"))?;

    let citizen = |id: &str, username: &str, level| CitizenPrincipal {
        id: id.into(),
        username: username.into(),
        level,
        email_confirmed: true,
        session_id: String::new(),
        csrf_token: String::new(),
    };
    let who_a = citizen(&a.id, "demo.a", AssuranceLevel::A);
    let who_b = citizen(&b.id, "demo.b", AssuranceLevel::B);
    let submit = |service: &str, delivery: &str| SubmitInput {
        service: service.into(),
        delivery: delivery.into(),
        notes: String::new(),
    };
    let r1 = app
        .submit_request(&who_a, &submit("residence_certificate", "pickup"), &client)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    app.submit_request(&who_a, &submit("birth_certificate", "pickup"), &client)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let r3 = app
        .submit_request(&who_b, &submit("no_debt_certificate", "post"), &client)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let clerk = principal(
        &uris[2].1,
        "demo.clerk",
        &[StaffRole::Clerk],
        &["registry", "civil_status"],
    );
    let treasury = principal(
        &uris[3].1,
        "demo.treasury",
        &[StaffRole::Clerk],
        &["treasury", "municipal_police"],
    );
    let to = |status: &str| TransitionInput {
        to: status.into(),
        ..TransitionInput::default()
    };
    app.transition_request(&clerk, &r1.request.id, &to("in_progress"), &client)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    app.transition_request(&clerk, &r1.request.id, &to("ready_for_pickup"), &client)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    app.transition_request(&treasury, &r3.request.id, &to("in_progress"), &client)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    demo_records(&app, "090000045", &client).await?;
    app.close().await;

    println!("Demo data created. Log in at {}/login", config.public_url);
    println!();
    println!("Citizens (password for both: {CITIZEN_PASSWORD})");
    println!("  demo.a   Level A, e-mail confirmed, two requests (one ready for pickup)");
    println!(
        "  demo.b   Level B (certified, tax number 090000045), a request by post, debts, fines and pending matters"
    );
    println!();
    println!(
        "Staff at {}/staff/login (password for all: {STAFF_PASSWORD}); add each TOTP URI to an authenticator app:",
        config.public_url
    );
    for (username, _, roles, departments, uri) in &uris {
        let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        println!(
            "  {username:<14} {} {}",
            roles.join(","),
            departments.join(",")
        );
        if let Some(uri) = uri {
            println!("      {uri}");
        }
    }
    Ok(())
}
