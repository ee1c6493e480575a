//! The counter (verifiers and admins): finding a citizen, certifying their identity in person
//! (Level B), the printable certification receipt, and revoking a certification.

mod profile;
mod receipt;
mod search;
mod walk_in;

use crate::pages::documents::document_with_country;
use crate::pages::offices::office_name;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/citizens", get(search::page))
        .route(
            "/staff/citizens/new",
            get(walk_in::page).post(walk_in::register),
        )
        .route("/staff/citizens/{id}", get(profile::page))
        .route("/staff/citizens/{id}/certify", post(profile::certify))
        .route("/staff/citizens/{id}/revoke", post(profile::revoke))
        .route("/staff/citizens/{id}/document", post(profile::renew))
        .route("/staff/citizens/{id}/receipt", get(receipt::page))
}

/// The path of a citizen's page at the counter, `suffix` appended.
fn citizen_path(id: &str, suffix: &str) -> String {
    format!(
        "/staff/citizens/{}{suffix}",
        crate::pages::visitor::encode(id).replace('/', "%2F")
    )
}

/// The name of a document type (`id_card`, `passport`) in the page's language.
/// The display name of the member of staff with this id (who certified), else the id.
async fn staff_name(state: &AppState, id: &str) -> String {
    match state.app.staff_display_name(id).await {
        Ok(Some(name)) => name,
        Ok(None) => id.to_owned(),
        Err(e) => {
            tracing::error!(error = %e, "could not load a staff member's name");
            id.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::pages::documents::document_type_name;
    use dimos_domain::DocumentType;

    #[test]
    fn citizen_paths_stay_inside_the_counter() {
        assert_eq!(
            citizen_path("0198-ab", "/receipt"),
            "/staff/citizens/0198-ab/receipt"
        );
        assert_eq!(citizen_path("a/../b", ""), "/staff/citizens/a%2F..%2Fb");
    }

    #[test]
    fn document_types_are_named_in_both_languages() {
        assert_ne!(
            document_type_name(Lang::El, DocumentType::IdCard),
            document_type_name(Lang::En, DocumentType::IdCard)
        );
        assert_ne!(
            document_type_name(Lang::El, DocumentType::Passport),
            document_type_name(Lang::El, DocumentType::IdCard)
        );
    }
}
