//! Who is calling, as far as the network tells: the client's address (for throttling and the
//! audit log) and its user agent.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use dimos_app::ClientInfo;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The calling client. Behind a load balancer (`DIMOS_TRUST_FORWARDED_FOR=true`) the address
/// is the last one the balancer appended to `X-Forwarded-For`; otherwise the peer's address.
pub struct Client(pub ClientInfo);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Infallible> {
        Ok(Client(client_info(parts, state.site.trust_forwarded_for)))
    }
}

/// What a page handler starts from, as one extractor: the state, the calling client, and `W`,
/// the extractor that says who calls (a member of staff on a staff page, a signed-in citizen,
/// a visitor, a CSRF-checked form). `W`'s rejection is the call's; the three are taken
/// in the order `State`, `Client` and `W` would be as separate extractors.
pub struct Call<W>(pub AppState, pub ClientInfo, pub W);

impl<W: FromRequestParts<AppState>> FromRequestParts<AppState> for Call<W> {
    type Rejection = W::Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, W::Rejection> {
        let client = client_info(parts, state.site.trust_forwarded_for);
        let by = W::from_request_parts(parts, state).await?;
        Ok(Call(state.clone(), client, by))
    }
}

/// `W` reads the body (a form): the call is the last extractor of its handler.
impl<W: FromRequest<AppState>> FromRequest<AppState> for Call<W> {
    type Rejection = W::Rejection;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, W::Rejection> {
        let (parts, body) = request.into_parts();
        let client = client_info(&parts, state.site.trust_forwarded_for);
        let by = W::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Call(state.clone(), client, by))
    }
}

/// The client of a request: its address (from `X-Forwarded-For` when trusted) and user agent.
pub(crate) fn client_info(parts: &Parts, trust_forwarded_for: bool) -> ClientInfo {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default();
    let forwarded = if trust_forwarded_for {
        let hops: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        hops.last()
            .filter(|hop| hop.parse::<std::net::IpAddr>().is_ok())
            .map(|hop| (*hop).to_owned())
    } else {
        None
    };
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    ClientInfo {
        ip: forwarded.unwrap_or(peer),
        user_agent,
    }
}
