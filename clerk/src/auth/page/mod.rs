//! The cookie path of authentication, for apps that render pages: the `__session` cookie
//! checked against `__client_uat` (signed out elsewhere, switched sessions), suffixed
//! cookies, the dev browser, satellite domains, organization sync, and the *handshake*
//! that refreshes an expired session through Clerk's Frontend API, case by case as
//! `authenticateRequestWithTokenInCookie` of Clerk's JS SDK (`@clerk/backend` 3.x).
//!
//! Deliberate differences from the JS SDK (each safer or simpler, none visible to a
//! browser that follows Clerk's flows):
//! - `__clerk_redirect_url` on a development primary is followed only to an origin of
//!   [`PageOptions::allowed_redirect_origins`] (JS follows any URL, with the dev browser
//!   token in it).
//! - A handshake token's `exp`, `nbf` and `iat` are checked when present, it may be at
//!   most 5 minutes old, and a `crit` header is refused.
//! - The `__refresh` cookie is not used to refresh an expired session token (JS can call
//!   the refresh endpoint first); the page goes through a handshake instead.
//! - No `x-clerk-auth-message` header (its text can carry details); status and reason are
//!   sent.
//! - Development clock-skew retries of a resolved handshake are not made.

mod handshake;
mod keys;
mod org_sync;
mod request;

use http::HeaderMap;
use http::header::{HeaderName, HeaderValue};
use url::Url;

pub use keys::{InstanceType, PublishableKey};
pub use org_sync::OrganizationSync;
pub(crate) use request::RequestView;

use crate::auth::authenticate::{
    Auth, AuthenticateOptions, RequestState, SignedOutReason, TokenKind,
};
use crate::auth::jwt::{self, Jws, Reason};
use crate::http::error::Error;
use org_sync::Target;

/// Cookie, query and header names of Clerk's protocol.
mod names {
    pub(super) const SESSION: &str = "__session";
    pub(super) const CLIENT_UAT: &str = "__client_uat";
    pub(super) const HANDSHAKE: &str = "__clerk_handshake";
    pub(super) const HANDSHAKE_NONCE: &str = "__clerk_handshake_nonce";
    pub(super) const HANDSHAKE_HELP: &str = "__clerk_help";
    pub(super) const DEV_BROWSER: &str = "__clerk_db_jwt";
    pub(super) const LEGACY_DEV_BROWSER: &str = "__dev_session";
    pub(super) const REDIRECT_COUNT: &str = "__clerk_redirect_count";
    pub(super) const SYNCED: &str = "__clerk_synced";
    pub(super) const REDIRECT_URL: &str = "__clerk_redirect_url";
}

/// How pages are authenticated: the instance (from its publishable key) and its domains.
/// Set with [`AuthenticateOptions::pages`].
#[derive(Clone, Debug)]
pub struct PageOptions {
    key: PublishableKey,
    satellite: bool,
    domain: Option<String>,
    sign_in_url: Option<String>,
    proxy_url: Option<String>,
    organization_sync: Option<OrganizationSync>,
    handshake: bool,
    satellite_auto_sync: bool,
    allowed_redirect_origins: Vec<String>,
}

impl PageOptions {
    /// Pages of the instance of `publishable_key` (`pk_test_...`, `pk_live_...`): its
    /// Frontend API answers handshakes, its cookies may be suffixed. A key that does not
    /// parse is [`Error::Config`].
    pub fn new(publishable_key: &str) -> Result<PageOptions, Error> {
        Ok(PageOptions {
            key: PublishableKey::parse(publishable_key)?,
            satellite: false,
            domain: None,
            sign_in_url: None,
            proxy_url: None,
            organization_sync: None,
            handshake: true,
            satellite_auto_sync: false,
            allowed_redirect_origins: Vec::new(),
        })
    }

    /// This app is a satellite of the primary domain's instance, served on `domain`
    /// (e.g. `satellite.dev`); sessions are synced from the primary by handshakes.
    pub fn satellite(mut self, domain: impl Into<String>) -> Self {
        self.satellite = true;
        self.domain = Some(domain.into());
        self
    }

    /// The primary's sign-in page, where a development satellite sends browsers to sync.
    pub fn sign_in_url(mut self, url: impl Into<String>) -> Self {
        self.sign_in_url = Some(url.into());
        self
    }

    /// The Frontend API is reached through this proxy (absolute, or a path of this app
    /// such as `/__clerk`).
    pub fn proxy_url(mut self, url: impl Into<String>) -> Self {
        self.proxy_url = Some(url.into());
        self
    }

    /// Make the organization a page's URL names the session's active one.
    pub fn organization_sync(mut self, sync: OrganizationSync) -> Self {
        self.organization_sync = Some(sync);
        self
    }

    /// Whether page requests may be answered with a handshake (default on). Off, an
    /// expired cookie is a plain signed-out request, as for API routes.
    pub fn handshake(mut self, enabled: bool) -> Self {
        self.handshake = enabled;
        self
    }

    /// A satellite syncs with the primary even on a first visit without cookies
    /// (`satelliteAutoSync`; default off: a visitor without cookies stays signed out).
    pub fn satellite_auto_sync(mut self, enabled: bool) -> Self {
        self.satellite_auto_sync = enabled;
        self
    }

    /// Origins (`https://satellite.example`) a development primary may send browsers
    /// back to after syncing (`__clerk_redirect_url`). Empty by default: such redirects
    /// are not followed (no open redirect).
    pub fn allowed_redirect_origins<S: Into<String>>(
        mut self,
        origins: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_redirect_origins = origins.into_iter().map(Into::into).collect();
        self
    }

    /// The publishable key.
    pub fn publishable_key(&self) -> &PublishableKey {
        &self.key
    }

    fn development(&self) -> bool {
        self.key.instance_type() == InstanceType::Development
    }

    /// The Frontend API as `parsePublishableKey` resolves it: the proxy, a production
    /// satellite's `clerk.<domain>`, or the key's host.
    fn frontend_api(&self, url: Option<&Url>) -> Option<String> {
        if let Some(proxy) = &self.proxy_url {
            if proxy.starts_with('/') {
                let origin = url?.origin().ascii_serialization();
                return Some(format!("{origin}{proxy}"));
            }
            return Some(proxy.clone());
        }
        if !self.development()
            && self.satellite
            && let Some(domain) = &self.domain
        {
            return Some(format!("clerk.{domain}"));
        }
        Some(self.key.frontend_api().to_string())
    }
}

/// Why a cookie did not sign a page request in as it was, in Clerk's JS SDK's words
/// (`AuthErrorReason`): the reason of a handshake, or of a signed-out request that could
/// not have one (not a page request, handshakes off, a redirect loop).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CookieReason {
    /// `__client_uat` says a client is signed in, but there is no session cookie.
    ClientUatWithoutSessionToken,
    /// A development instance without its dev browser token.
    DevBrowserMissing,
    /// A development instance handing over a dev browser token in the URL.
    DevBrowserSync,
    /// A development primary sending the browser back to a satellite.
    PrimaryRespondsToSyncing,
    /// A signed-in page reached from another site (possibly a satellite): sync first.
    PrimaryDomainCrossOriginSync,
    /// A satellite needs the session of the primary domain.
    SatelliteNeedsSyncing,
    /// No session cookie and no `__client_uat`: a signed-out browser.
    SessionTokenAndUatMissing,
    /// A handshake gave no session cookie.
    SessionTokenMissing,
    /// The session cookie has expired (it lives about a minute), and the request is not
    /// a GET.
    SessionTokenExpiredNonGet,
    /// The session cookie has expired (it lives about a minute).
    SessionTokenExpired,
    /// The session cookie was issued before the last sign-in or sign-out of the client
    /// (`__client_uat`): another session is active, or none.
    SessionTokenIatBeforeClientUat,
    /// The session cookie is not valid yet.
    SessionTokenNbf,
    /// The session cookie was issued in the future.
    SessionTokenIatInTheFuture,
    /// A session cookie without `__client_uat`: signed out in another tab.
    SessionTokenWithoutClientUat,
    /// The URL names another organization than the session's active one.
    ActiveOrganizationMismatch,
}

impl CookieReason {
    /// The code, as Clerk's JS SDK sends it in `x-clerk-auth-reason`.
    pub fn code(self) -> &'static str {
        match self {
            CookieReason::ClientUatWithoutSessionToken => "client-uat-but-no-session-token",
            CookieReason::DevBrowserMissing => "dev-browser-missing",
            CookieReason::DevBrowserSync => "dev-browser-sync",
            CookieReason::PrimaryRespondsToSyncing => "primary-responds-to-syncing",
            CookieReason::PrimaryDomainCrossOriginSync => "primary-domain-cross-origin-sync",
            CookieReason::SatelliteNeedsSyncing => "satellite-needs-syncing",
            CookieReason::SessionTokenAndUatMissing => "session-token-and-uat-missing",
            CookieReason::SessionTokenMissing => "session-token-missing",
            CookieReason::SessionTokenExpiredNonGet => {
                "session-token-expired-refresh-non-eligible-non-get"
            }
            CookieReason::SessionTokenExpired => {
                "session-token-expired-refresh-non-eligible-no-refresh-cookie"
            }
            CookieReason::SessionTokenIatBeforeClientUat => "session-token-iat-before-client-uat",
            CookieReason::SessionTokenNbf => "session-token-nbf",
            CookieReason::SessionTokenIatInTheFuture => "session-token-iat-in-the-future",
            CookieReason::SessionTokenWithoutClientUat => "session-token-but-no-client-uat",
            CookieReason::ActiveOrganizationMismatch => "active-organization-mismatch",
        }
    }
}

impl std::fmt::Display for CookieReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What the cookie path reads of a request, once.
struct Context<'v, 'a: 'v> {
    view: &'v RequestView<'a>,
    options: &'v AuthenticateOptions,
    page: Option<&'v PageOptions>,
    frontend_api: Option<String>,
    suffixed: bool,
    session: Option<&'a str>,
    client_uat: i64,
    dev_browser: Option<String>,
    redirect_count: u32,
}

impl<'v, 'a> Context<'v, 'a> {
    fn new(view: &'v RequestView<'a>, options: &'v AuthenticateOptions) -> Self {
        let page = options.page.as_deref();
        let suffixed = page.is_some_and(|p| uses_suffixed_cookies(view, p));
        let mut context = Context {
            view,
            options,
            page,
            frontend_api: page.and_then(|p| p.frontend_api(view.url.as_ref())),
            suffixed,
            session: None,
            client_uat: 0,
            dev_browser: None,
            redirect_count: view
                .cookie(names::REDIRECT_COUNT)
                .and_then(|c| c.parse().ok())
                .unwrap_or(0),
        };
        context.session = context.cookie(names::SESSION);
        context.client_uat = context.cookie(names::CLIENT_UAT).map_or(0, parse_int);
        context.dev_browser = view
            .query(names::DEV_BROWSER)
            .or_else(|| context.cookie(names::DEV_BROWSER).map(str::to_string));
        context
    }

    /// `name` or `name_<suffix>`, as `getSuffixedOrUnSuffixedCookie`.
    fn cookie(&self, name: &str) -> Option<&'a str> {
        match (self.suffixed, self.page) {
            (true, Some(page)) => self
                .view
                .cookie(&format!("{name}_{}", page.key.cookie_suffix())),
            _ => self.view.cookie(name),
        }
    }

    fn development(&self) -> bool {
        self.page.is_some_and(PageOptions::development)
    }

    fn is_get(&self) -> bool {
        self.view.method == "GET"
    }

    fn is_document(&self) -> bool {
        self.view.sec_fetch_dest == Some("document")
    }

    /// `isRequestEligibleForHandshake`: a GET for a document (or an iframe), or for HTML
    /// from a browser that does not send `Sec-Fetch-Dest`.
    fn eligible_for_handshake(&self) -> bool {
        if !self.is_get() {
            return false;
        }
        match self.view.sec_fetch_dest {
            Some("document" | "iframe") => true,
            Some(_) => false,
            None => self.view.accept.is_some_and(|a| a.starts_with("text/html")),
        }
    }
}

/// The outcome of the cookie path, and the headers its response needs.
pub(crate) struct Outcome {
    pub(crate) state: RequestState,
    pub(crate) headers: HeaderMap,
}

impl Outcome {
    fn signed_out(reason: SignedOutReason) -> Outcome {
        Outcome {
            state: RequestState::SignedOut(reason),
            headers: HeaderMap::new(),
        }
    }
}

/// Authenticates a request without an `Authorization` header by its cookies.
pub(crate) async fn authenticate_cookie(
    view: &RequestView<'_>,
    options: &AuthenticateOptions,
) -> Outcome {
    let context = Context::new(view, options);
    let has_handshake = view.query(names::HANDSHAKE_NONCE).is_some()
        || view.cookie(names::HANDSHAKE_NONCE).is_some()
        || view.query(names::HANDSHAKE).is_some()
        || view.cookie(names::HANDSHAKE).is_some();
    if has_handshake && context.page.is_some() {
        match handshake::resolve(&context).await {
            Ok(outcome) => return outcome,
            Err(error) => tracing::warn!(
                reason = error.reason().code(),
                "clerk: a handshake did not resolve; authenticating the request without it: {error}"
            ),
        }
    }
    if let Some(outcome) = multi_domain(&context) {
        return outcome;
    }
    let (session, client_uat) = (context.session, context.client_uat != 0);
    match (client_uat, session) {
        (false, None) => {
            return Outcome::signed_out(SignedOutReason::Cookie(
                CookieReason::SessionTokenAndUatMissing,
            ));
        }
        (false, Some(_)) => {
            return maybe_handshake(&context, CookieReason::SessionTokenWithoutClientUat, None);
        }
        (true, None) => {
            return maybe_handshake(&context, CookieReason::ClientUatWithoutSessionToken, None);
        }
        (true, Some(_)) => {}
    }
    let token = session.unwrap_or_default();
    let kind = TokenKind::of(token);
    tracing::Span::current()
        .record("token_kind", kind.as_str())
        .record("token_source", "cookie");
    if kind != TokenKind::Session {
        // Machine tokens are accepted from the header only (JS: token-type-mismatch).
        return Outcome::signed_out(SignedOutReason::MachineTokenInCookie);
    }
    let jws = match Jws::parse(token, options.verify_params().max_token_size()) {
        Ok(jws) => jws,
        Err(e) => return Outcome::signed_out(SignedOutReason::InvalidSessionToken(e)),
    };
    if !matches!(
        jws.header.cat,
        jwt::Category::Absent | jwt::Category::Session | jwt::Category::Ignore
    ) {
        let error = jwt::VerifyError::new(Reason::WrongTokenType, "not a session token");
        return Outcome::signed_out(SignedOutReason::InvalidSessionToken(error));
    }
    if let Ok(decoded) = jwt::decode(token)
        && let Some(iat) = decoded
            .claims
            .get("iat")
            .and_then(serde_json::Value::as_f64)
        && iat < context.client_uat as f64
    {
        return maybe_handshake(&context, CookieReason::SessionTokenIatBeforeClientUat, None);
    }
    let claims = match jwt::verify_session(jws, options.verify_params()).await {
        Ok(claims) => claims,
        Err(error) => {
            let reason = match error.reason() {
                Reason::Expired if !context.is_get() => CookieReason::SessionTokenExpiredNonGet,
                Reason::Expired => CookieReason::SessionTokenExpired,
                Reason::NotYetValid => CookieReason::SessionTokenNbf,
                Reason::IssuedInFuture => CookieReason::SessionTokenIatInTheFuture,
                _ => return Outcome::signed_out(SignedOutReason::InvalidSessionToken(error)),
            };
            return maybe_handshake(&context, reason, None);
        }
    };
    // A signed-in page reached from another site syncs first (it may be a satellite's).
    let cross_site = context.page.is_some_and(|p| !p.satellite)
        && context.is_get()
        && context.is_document()
        && cross_origin_referrer(&context)
        && !known_clerk_referrer(&context)
        && context.redirect_count == 0;
    if cross_site {
        return maybe_handshake(&context, CookieReason::PrimaryDomainCrossOriginSync, None);
    }
    if let Some(outcome) = organization_sync(&context, &claims) {
        return outcome;
    }
    let state = if claims.is_pending() && !options.accepts_pending() {
        RequestState::SignedOut(SignedOutReason::PendingSession(Box::new(claims)))
    } else {
        RequestState::SignedIn(Auth::Session(claims))
    };
    Outcome {
        state,
        headers: HeaderMap::new(),
    }
}

/// A page request whose bearer session token expired (or is not valid yet) goes through
/// a handshake too, as in Clerk's JS SDK; `None` when it cannot have one (then it stays
/// signed out with the token's own reason, which for API calls says more than JS's).
pub(crate) fn bearer_handshake(
    view: &RequestView<'_>,
    options: &AuthenticateOptions,
    token: &str,
    reason: Reason,
) -> Option<Outcome> {
    let mut context = Context::new(view, options);
    // JS's `sessionToken`: the cookie's, else the header's; sent to the Frontend API.
    if context.session.is_none() {
        context.session = Some(token);
    }
    let reason = match reason {
        Reason::Expired => CookieReason::SessionTokenExpired,
        Reason::NotYetValid => CookieReason::SessionTokenNbf,
        Reason::IssuedInFuture => CookieReason::SessionTokenIatInTheFuture,
        _ => return None,
    };
    let outcome = maybe_handshake(&context, reason, None);
    matches!(outcome.state, RequestState::Handshake(_)).then_some(outcome)
}

/// Satellite syncing, and a development primary answering it.
fn multi_domain(context: &Context<'_, '_>) -> Option<Outcome> {
    let page = context.page?;
    let view = context.view;
    let synced = view.query(names::SYNCED);
    let needs_sync = synced.as_deref() == Some("false");
    let sync_completed = synced.as_deref() == Some("true");
    let has_cookies = context.session.is_some() || context.client_uat != 0;
    if page.satellite && context.is_document() && context.is_get() && !sync_completed {
        if !page.satellite_auto_sync && !has_cookies && !needs_sync {
            return Some(Outcome::signed_out(SignedOutReason::Cookie(
                CookieReason::SessionTokenAndUatMissing,
            )));
        }
        if !has_cookies || needs_sync {
            if !page.development() {
                return Some(maybe_handshake(
                    context,
                    CookieReason::SatelliteNeedsSyncing,
                    None,
                ));
            }
            // Development: through the primary's sign-in page, back to this URL.
            let back = view.url.as_ref()?;
            let mut to = Url::parse(page.sign_in_url.as_deref()?).ok()?;
            to.query_pairs_mut()
                .append_pair(names::REDIRECT_URL, back.as_str());
            return Some(maybe_handshake(
                context,
                CookieReason::SatelliteNeedsSyncing,
                Some(to),
            ));
        }
    }
    if page.development() && !page.satellite {
        if let Some(target) = view.query(names::REDIRECT_URL) {
            // Back to the satellite, only where it is known to be (no open redirect).
            let mut back = Url::parse(&target).ok()?;
            let origin = back.origin().ascii_serialization();
            if page
                .allowed_redirect_origins
                .iter()
                .any(|o| o.trim_end_matches('/') == origin)
            {
                if let Some(db) = &context.dev_browser {
                    back.query_pairs_mut().append_pair(names::DEV_BROWSER, db);
                }
                set_query(&mut back, names::SYNCED, "true");
                return Some(maybe_handshake(
                    context,
                    CookieReason::PrimaryRespondsToSyncing,
                    Some(back),
                ));
            }
            tracing::warn!(
                origin = %origin,
                "clerk: not redirecting to a __clerk_redirect_url outside \
                 PageOptions::allowed_redirect_origins"
            );
        }
        if view.query(names::DEV_BROWSER).is_some() {
            return Some(maybe_handshake(context, CookieReason::DevBrowserSync, None));
        }
        if context.dev_browser.is_none() {
            return Some(maybe_handshake(
                context,
                CookieReason::DevBrowserMissing,
                None,
            ));
        }
    }
    None
}

/// The handshake `reason` calls for, if the request may have one (`handleMaybeHandshakeStatus`);
/// else signed out for that reason. `location` replaces the Frontend API's handshake URL.
fn maybe_handshake(
    context: &Context<'_, '_>,
    reason: CookieReason,
    location: Option<Url>,
) -> Outcome {
    let signed_out = || Outcome::signed_out(SignedOutReason::Cookie(reason));
    let enabled = context.page.is_some_and(|p| p.handshake);
    if !enabled || !context.eligible_for_handshake() {
        return signed_out();
    }
    let Some(location) = location.or_else(|| handshake::redirect_url(context, reason)) else {
        return signed_out();
    };
    if context.redirect_count >= 3 {
        tracing::warn!(
            reason = reason.code(),
            "clerk: a handshake would loop (three in a row): signing the request out; \
             check that the publishable and secret keys are of the same instance and \
             that this is a configured domain"
        );
        return signed_out();
    }
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(location.as_str()) {
        headers.insert(http::header::LOCATION, value);
    } else {
        return signed_out();
    }
    headers.insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    let count = format!(
        "{}={}; SameSite=Lax; HttpOnly; Max-Age=2",
        names::REDIRECT_COUNT,
        context.redirect_count + 1
    );
    if let Ok(value) = HeaderValue::from_str(&count) {
        headers.append(http::header::SET_COOKIE, value);
    }
    Outcome {
        state: RequestState::Handshake(reason),
        headers,
    }
}

/// A signed-in page whose URL names another organization than the active one hands
/// over to a handshake that activates it (`handleMaybeOrganizationSyncHandshake`).
fn organization_sync(context: &Context<'_, '_>, claims: &jwt::SessionClaims) -> Option<Outcome> {
    let sync = context.page?.organization_sync.as_ref()?;
    let target = sync.target(context.view.url.as_ref()?.path())?;
    let active = claims.organization();
    let must_activate = match &target {
        Target::OrganizationId(id) => active.is_none_or(|o| &o.id != id),
        Target::OrganizationSlug(slug) => active.is_none_or(|o| o.slug.as_ref() != Some(slug)),
        Target::PersonalAccount => active.is_some(),
    };
    if !must_activate {
        return None;
    }
    if context.redirect_count >= 3 {
        tracing::warn!(
            "clerk: organization activation would loop; the organization id or slug in \
             the URL is probably not one the user belongs to: skipping it"
        );
        return None;
    }
    let outcome = maybe_handshake(context, CookieReason::ActiveOrganizationMismatch, None);
    matches!(outcome.state, RequestState::Handshake(_)).then_some(outcome)
}

/// Whether the referrer is another origin than the page's.
fn cross_origin_referrer(context: &Context<'_, '_>) -> bool {
    let (Some(referrer), Some(url)) = (context.view.referrer, &context.view.url) else {
        return false;
    };
    Url::parse(referrer).is_ok_and(|r| r.origin() != url.origin())
}

/// Whether the referrer is Clerk's: the Frontend API, the account portal, or (not in
/// production) a development account portal.
fn known_clerk_referrer(context: &Context<'_, '_>) -> bool {
    let Some(referrer) = context.view.referrer.and_then(|r| Url::parse(r).ok()) else {
        return false;
    };
    let host = referrer.host_str().unwrap_or_default();
    let Some(frontend_api) = &context.frontend_api else {
        return false;
    };
    let fapi_host = if frontend_api.starts_with("http") {
        Url::parse(frontend_api)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default()
    } else {
        frontend_api.clone()
    };
    if host == fapi_host {
        return true;
    }
    if context.development() {
        let legacy = [".lcl.dev", ".lclstage.dev", ".lclclerk.com"];
        let current = [
            ".accounts.dev",
            ".accountsstage.dev",
            ".accounts.lclclerk.com",
        ];
        let dev_portal = legacy
            .iter()
            .any(|s| host.starts_with("accounts.") && host.ends_with(s))
            || current
                .iter()
                .any(|s| host.ends_with(s) && !host.ends_with(&format!(".clerk{s}")));
        if dev_portal {
            return true;
        }
    }
    let accounts = frontend_api
        .replacen("clerk.accountsstage.", "accountsstage.", 1)
        .replacen("clerk.accounts.", "accounts.", 1);
    let accounts = match accounts.strip_prefix("clerk.") {
        Some(rest) => format!("accounts.{rest}"),
        None => accounts,
    };
    Url::parse(&format!("https://{accounts}")).is_ok_and(|a| a.origin() == referrer.origin())
}

/// `usesSuffixedCookies` of Clerk's JS SDK: whether this instance's cookies are the
/// suffixed ones (several apps on one domain) rather than the plain ones.
fn uses_suffixed_cookies(view: &RequestView<'_>, page: &PageOptions) -> bool {
    let suffix = page.key.cookie_suffix();
    let suffixed_uat = view.cookie(&format!("{}_{suffix}", names::CLIENT_UAT));
    let uat = view.cookie(names::CLIENT_UAT);
    let suffixed_session = view.cookie(&format!("{}_{suffix}", names::SESSION));
    let session = view.cookie(names::SESSION);
    let claims = |token: Option<&str>| token.and_then(|t| jwt::decode(t).ok()).map(|d| d.claims);
    if let Some(session) = session {
        let issuer = claims(Some(session))
            .and_then(|c| c.get("iss").and_then(|i| i.as_str()).map(str::to_string));
        match issuer {
            None => return false,
            Some(iss) => {
                let host = iss.replace("https://", "").replace("http://", "");
                if host != page.key.frontend_api() {
                    return true;
                }
            }
        }
    }
    if suffixed_uat.is_none() && suffixed_session.is_none() {
        return false;
    }
    let iat = |token: Option<&str>| {
        claims(token)
            .and_then(|c| c.get("iat").and_then(serde_json::Value::as_f64))
            .unwrap_or(0.0)
    };
    if suffixed_uat != Some("0") && uat != Some("0") && iat(session) > iat(suffixed_session) {
        return false;
    }
    if suffixed_uat == Some("0") && uat != Some("0") {
        return false;
    }
    if page.development() {
        let expired = claims(suffixed_session)
            .and_then(|c| c.get("exp").and_then(serde_json::Value::as_f64))
            .is_some_and(|exp| exp <= now_seconds() as f64);
        if suffixed_uat != Some("0") && uat == Some("0") && expired {
            return false;
        }
    }
    !(suffixed_uat.is_none() && suffixed_session.is_some())
}

fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `Number.parseInt(value) || 0`: the leading digits (with a sign), else 0.
fn parse_int(value: &str) -> i64 {
    let value = value.trim_start();
    let (sign, digits) = match value.as_bytes().first() {
        Some(b'-') => (-1, &value[1..]),
        Some(b'+') => (1, &value[1..]),
        _ => (1, value),
    };
    let end = digits
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

/// Sets `name=value` in `url`'s query, replacing any value it had.
fn set_query(url: &mut Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
}

/// `url` without the query parameters `names` (and without `?` when none is left).
fn without_query(url: &Url, names: &[&str]) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !names.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut url = url.clone();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    url
}

/// Clerk's debug headers on every answer: `x-clerk-auth-status` and `-reason`.
pub(crate) fn debug_headers(state: &RequestState, headers: &mut HeaderMap) {
    let (status, reason) = match state {
        RequestState::SignedIn(_) => ("signed-in", None),
        RequestState::SignedOut(reason) => ("signed-out", Some(reason.code())),
        RequestState::Handshake(reason) => ("handshake", Some(reason.code())),
    };
    headers.insert(
        HeaderName::from_static("x-clerk-auth-status"),
        HeaderValue::from_static(status),
    );
    if let Some(reason) = reason {
        headers.insert(
            HeaderName::from_static("x-clerk-auth-reason"),
            HeaderValue::from_static(reason),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_parse_as_javascripts_parse_int() {
        for (text, n) in [
            ("1700000000", 1_700_000_000),
            (" 12abc", 12),
            ("-5", -5),
            ("abc", 0),
            ("", 0),
            ("0", 0),
            ("99999999999999999999999", 0),
        ] {
            assert_eq!(parse_int(text), n, "{text}");
        }
    }

    #[test]
    fn query_parameters_are_removed_or_replaced() {
        let url = Url::parse("https://a.dev/p?x=1&__clerk_handshake=t&y=2").unwrap();
        assert_eq!(
            without_query(&url, &[names::HANDSHAKE]).as_str(),
            "https://a.dev/p?x=1&y=2"
        );
        let only = Url::parse("https://a.dev/p?__clerk_handshake=t").unwrap();
        assert_eq!(
            without_query(&only, &[names::HANDSHAKE]).as_str(),
            "https://a.dev/p"
        );
        let mut synced = Url::parse("https://s.dev/?__clerk_synced=false&a=b").unwrap();
        set_query(&mut synced, names::SYNCED, "true");
        assert_eq!(synced.as_str(), "https://s.dev/?a=b&__clerk_synced=true");
    }
}
