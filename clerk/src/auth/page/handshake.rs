//! The handshake: where a page request is sent to have Clerk's Frontend API refresh (or
//! sync) its session, and how the answer it comes back with is resolved
//! (`HandshakeService` of Clerk's JS SDK).

use http::HeaderMap;
use http::header::{HeaderName, HeaderValue, LOCATION, SET_COOKIE};
use serde::Deserialize;
use url::Url;

use super::{Context, CookieReason, Outcome, names, without_query};
use crate::auth::authenticate::{Auth, RequestState, SignedOutReason};
use crate::auth::jwt::{self, Jws, VerifyError};
use crate::http::call::Call;

/// The Frontend API's handshake URL for this request (`buildRedirectToHandshake`):
/// `https://<frontend api>/v1/client/handshake?redirect_url=<this page>&...`.
pub(super) fn redirect_url(context: &Context<'_, '_>, reason: CookieReason) -> Option<Url> {
    let page = context.page?;
    let back = without_query(
        context.view.url.as_ref()?,
        &[names::DEV_BROWSER, names::LEGACY_DEV_BROWSER],
    );
    let frontend_api = context.frontend_api.as_deref()?;
    let base = if frontend_api.starts_with("http") {
        frontend_api.trim_end_matches('/').to_string()
    } else {
        format!("https://{}", frontend_api.trim_end_matches('/'))
    };
    let mut url = Url::parse(&format!("{base}/v1/client/handshake")).ok()?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("redirect_url", back.as_str())
            .append_pair("__clerk_api_version", crate::API_VERSION)
            .append_pair(
                "suffixed_cookies",
                if context.suffixed { "true" } else { "false" },
            )
            .append_pair("__clerk_hs_reason", reason.code())
            .append_pair("format", "nonce");
        if let Some(session) = context.session {
            query.append_pair(names::SESSION, session);
        }
        if page.development()
            && let Some(db) = &context.dev_browser
        {
            query.append_pair(names::DEV_BROWSER, db);
        }
        let target = page
            .organization_sync
            .as_ref()
            .and_then(|sync| sync.target(back.path()));
        match target {
            Some(super::Target::PersonalAccount) => {
                query.append_pair("organization_id", "");
            }
            Some(super::Target::OrganizationId(id)) => {
                query.append_pair("organization_id", &id);
            }
            Some(super::Target::OrganizationSlug(slug)) => {
                query.append_pair("organization_id", &slug);
            }
            None => {}
        }
    }
    Some(url)
}

/// Resolves the handshake the browser came back with: its cookie directives (from the
/// `__clerk_handshake` token, verified, or from `GET /clients/handshake_payload` for a
/// `__clerk_handshake_nonce`) become `Set-Cookie` headers, and the session cookie among
/// them signs the request in. Nothing is set unless that session token verifies (or the
/// directives carry none: a sign-out). An error is a handshake that could not be used;
/// the request is then authenticated without it.
pub(super) async fn resolve(context: &Context<'_, '_>) -> Result<Outcome, VerifyError> {
    let view = context.view;
    let options = context.options;
    let nonce = view
        .query(names::HANDSHAKE_NONCE)
        .or_else(|| view.cookie(names::HANDSHAKE_NONCE).map(str::to_string));
    let directives = match nonce {
        Some(nonce) => payload(context, &nonce).await,
        None => {
            let token = view
                .query(names::HANDSHAKE)
                .or_else(|| view.cookie(names::HANDSHAKE).map(str::to_string))
                .unwrap_or_default();
            jwt::verify_handshake(&token, options.verify_params()).await?
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert(
        HeaderName::from_static("access-control-allow-origin"),
        HeaderValue::from_static("null"),
    );
    headers.insert(
        HeaderName::from_static("access-control-allow-credentials"),
        HeaderValue::from_static("true"),
    );
    let mut session = String::new();
    for directive in &directives {
        let Ok(value) = HeaderValue::from_str(directive) else {
            tracing::debug!(
                "clerk: skipping a handshake cookie directive that is not a header value"
            );
            continue;
        };
        headers.append(SET_COOKIE, value);
        let pair = directive.split(';').next().unwrap_or_default();
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name.trim().starts_with(names::SESSION) {
            session = value.trim().to_string();
        }
    }
    if context.development() {
        // The handshake came in the URL: send the browser to the URL without it.
        if let Some(url) = &view.url {
            let clean = without_query(
                url,
                &[
                    names::HANDSHAKE,
                    names::HANDSHAKE_HELP,
                    names::DEV_BROWSER,
                    names::HANDSHAKE_NONCE,
                ],
            );
            if let Ok(location) = HeaderValue::from_str(clean.as_str()) {
                headers.insert(LOCATION, location);
                headers.insert(
                    http::header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                );
            }
        }
    }
    if session.is_empty() {
        return Ok(Outcome {
            state: RequestState::SignedOut(SignedOutReason::Cookie(
                CookieReason::SessionTokenMissing,
            )),
            headers,
        });
    }
    let jws = Jws::parse(&session, options.verify_params().max_token_size())?;
    let claims = jwt::verify_session(jws, options.verify_params()).await?;
    let state = if claims.is_pending() && !options.accepts_pending() {
        RequestState::SignedOut(SignedOutReason::PendingSession(Box::new(claims)))
    } else {
        RequestState::SignedIn(Auth::Session(claims))
    };
    Ok(Outcome { state, headers })
}

/// The cookie directives of a handshake nonce: `GET /clients/handshake_payload`. A
/// failure (unknown nonce, API down) is logged and gives none, as in Clerk's JS SDK.
async fn payload(context: &Context<'_, '_>, nonce: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Payload {
        #[serde(default)]
        directives: Vec<String>,
    }
    let api = match context.options.api_config() {
        Ok(api) => api,
        Err(error) => {
            tracing::error!(
                "clerk: a handshake nonce cannot be resolved without a secret key: {error}"
            );
            return Vec::new();
        }
    };
    let mut call = Call::new(
        http::Method::GET,
        "GetHandshakePayload",
        "/clients/handshake_payload",
        "/clients/handshake_payload".into(),
    )
    .once();
    call.query = form_urlencoded::Serializer::new(String::new())
        .append_pair("nonce", nonce)
        .finish();
    match api
        .execute(call)
        .await
        .and_then(|reply| reply.json::<Payload>())
    {
        Ok(payload) => payload.directives,
        Err(error) => {
            tracing::warn!("clerk: the handshake nonce could not be resolved: {error}");
            Vec::new()
        }
    }
}
