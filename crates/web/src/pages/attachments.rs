//! Attachments from the request pages: the upload forms (multipart, CSRF token first) of the
//! citizen and of the department's staff, and the downloads linked from those pages. The
//! request pages themselves list the files (`App::request_attachments`) and show the
//! `upload_error` these handlers send back.

use super::PageError;
use super::csrf::multipart_token_ok;
use super::staff::{Clerk, StaffPage};
use super::visitor::{Visitor, encode};
use crate::api::attachments::{
    FieldChunks, PartsError, file_response, parse_purpose, upload_limit, upload_parts,
};
use crate::client::Call;
use crate::state::AppState;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dimos_app::attachments::{AttachmentError, Party};
use dimos_app::{AppError, ClientInfo};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/requests/{id}/attachments",
            post(citizen_upload).layer(upload_limit()),
        )
        .route(
            "/requests/{id}/attachments/{attachment_id}",
            get(citizen_download),
        )
        .route(
            "/staff/requests/{id}/attachments",
            post(staff_upload).layer(upload_limit()),
        )
        .route(
            "/staff/requests/{id}/attachments/{attachment_id}",
            get(staff_download),
        )
}

fn request_page(prefix: &str, id: &str) -> String {
    format!("{prefix}/requests/{}", encode(id).replace('/', "%2F"))
}

/// Why an upload from a page failed, as the request page's `upload_error` code.
enum Outcome {
    /// Back to the request page with this code.
    Refused(&'static str),
    Page(PageError),
}

/// Checks the form's token, which must be the first part (so no file byte is read before
/// it), then hands the part named `file` to the use case.
async fn upload(
    state: &AppState,
    who: Party<'_>,
    id: &str,
    multipart: Result<Multipart, MultipartRejection>,
    client: &ClientInfo,
) -> Result<(), Outcome> {
    let forbidden = || Outcome::Page(PageError::Status(StatusCode::FORBIDDEN));
    let Ok(mut multipart) = multipart else {
        return Err(forbidden());
    };
    let expected_token = match who {
        Party::Citizen(citizen) => &citizen.csrf_token,
        Party::Staff(staff) => &staff.csrf_token,
    };
    if !multipart_token_ok(&mut multipart, expected_token).await {
        return Err(forbidden());
    }
    // Whether this visitor may attach at all, before the file is looked for: to anyone
    // refused the request does not exist, whatever the form holds.
    state
        .app
        .check_attachment_access(who, id, client)
        .await
        .map_err(|e| Outcome::Page(e.into()))?;
    let parts = upload_parts(
        &mut multipart,
        async |name: &str, chunks: &mut FieldChunks<'_>| {
            // A form sent without a file chosen still has the part, with an empty name.
            if name.is_empty() {
                return Err(AppError::field("file", "required").into());
            }
            state
                .app
                .receive_attachment(who, id, name, chunks, client)
                .await
        },
    )
    .await;
    let stored = match parts {
        Ok((upload, purpose)) => match parse_purpose(purpose.as_deref()) {
            Some(purpose) => state
                .app
                .store_attachment(who, upload, purpose, client)
                .await
                .map(|_| ()),
            None => return Err(Outcome::Refused("unknown_purpose")),
        },
        Err(PartsError::Required) => return Err(Outcome::Refused("required")),
        Err(PartsError::TooLarge) => return Err(Outcome::Refused("too_large")),
        Err(PartsError::Unreadable) => return Err(Outcome::Refused("unreadable")),
        Err(PartsError::Attachment(e)) => Err(e),
    };
    match stored {
        Ok(()) => Ok(()),
        Err(AttachmentError::TooLarge) => Err(Outcome::Refused("too_large")),
        Err(AttachmentError::Broken(_)) => Err(Outcome::Refused("unreadable")),
        Err(AttachmentError::App(AppError::Validation(fields))) => {
            let code = match fields
                .get("file")
                .and_then(|codes| codes.first())
                .map(String::as_str)
            {
                Some("unsupported_type") => "unsupported_type",
                Some("too_many") => "too_many",
                Some("required") => "required",
                _ if fields.contains_key("purpose") => "unknown_purpose",
                _ => "unreadable",
            };
            Err(Outcome::Refused(code))
        }
        Err(AttachmentError::App(AppError::Conflict {
            code: "request_closed",
            ..
        })) => Err(Outcome::Refused("request_closed")),
        Err(AttachmentError::App(e)) => Err(Outcome::Page(e.into())),
    }
}

/// Back to the request page, with the reason when the upload was refused.
fn back(page: String, outcome: Result<(), Outcome>) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&page).into_response()),
        Err(Outcome::Refused(code)) => {
            Ok(Redirect::to(&format!("{page}?upload_error={code}")).into_response())
        }
        Err(Outcome::Page(error)) => Err(error),
    }
}

async fn citizen_upload(
    Call(state, client, visitor): Call<Visitor>,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let page = request_page("", &id);
    let Some(who) = visitor.citizen.as_ref() else {
        return Ok(Redirect::to(&format!("/login?next={}", encode(&page))).into_response());
    };
    let outcome = upload(&state, Party::Citizen(who), &id, multipart, &client).await;
    back(page, outcome)
}

async fn staff_upload(
    Call(state, client, page): Call<StaffPage<Clerk>>,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let outcome = upload(&state, Party::Staff(&page.who), &id, multipart, &client).await;
    back(request_page("/staff", &id), outcome)
}

async fn citizen_download(
    Call(state, client, visitor): Call<Visitor>,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let Some(who) = visitor.citizen.as_ref() else {
        return Ok(
            Redirect::to(&format!("/login?next={}", encode(&request_page("", &id))))
                .into_response(),
        );
    };
    match state
        .app
        .open_attachment(Party::Citizen(who), &id, &attachment_id, &client)
        .await
    {
        Ok(file) => Ok(file_response(file)),
        // A result for Level A: collected in person (the request page says where).
        Err(AppError::LevelBRequired) => Err(PageError::Status(StatusCode::FORBIDDEN)),
        Err(e) => Err(e.into()),
    }
}

async fn staff_download(
    Call(state, client, page): Call<StaffPage<Clerk>>,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let file = state
        .app
        .open_attachment(Party::Staff(&page.who), &id, &attachment_id, &client)
        .await?;
    Ok(file_response(file))
}
