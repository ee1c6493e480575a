use super::schema;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use dimos_db::catalogue::Service;
use serde::Serialize;
use utoipa::ToSchema;

/// A service of the catalogue, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceView {
    #[schema(example = "residence_certificate")]
    pub code: String,
    pub name: LocalizedName,
    /// Code of the competent department.
    #[schema(example = "registry")]
    pub department: String,
    /// The lowest assurance level that may ask for it.
    #[schema(value_type = schema::Level, example = "A")]
    pub min_level: String,
    /// `pickup` and/or `post`; `post` is open to Level B only, whatever the service says.
    #[schema(value_type = Vec<schema::DeliveryMode>, example = json!(["pickup", "post"]))]
    pub delivery_modes: Vec<String>,
    /// Fee in euro cents (postage, cash on delivery, is paid separately).
    pub fee_cents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LocalizedName {
    pub el: String,
    pub en: String,
}

impl From<Service> for ServiceView {
    fn from(s: Service) -> ServiceView {
        ServiceView {
            code: s.code,
            name: LocalizedName {
                el: s.name_el,
                en: s.name_en,
            },
            department: s.department_code,
            min_level: s.min_level.as_str().to_owned(),
            delivery_modes: s
                .delivery_modes
                .iter()
                .map(|d| d.as_str().to_owned())
                .collect(),
            fee_cents: s.fee_cents.get(),
        }
    }
}

/// The public service catalogue.
#[utoipa::path(
    get,
    path = "/api/v1/services",
    operation_id = "list_services",
    tag = "catalogue",
    responses(
        (status = 200, description = "The active services, in catalogue order", body = [ServiceView]),
        (status = 500, description = "Internal error", body = ErrorBody),
    )
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<ServiceView>>, ApiError> {
    let services = state.app.services().await?;
    Ok(Json(services.into_iter().map(ServiceView::from).collect()))
}
