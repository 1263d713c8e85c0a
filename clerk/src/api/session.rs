//! Sessions: a signed-in user on one client; list, revoke, mint session tokens (Go: `session`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, object, unsigned};
use crate::types;

pub use crate::types::{Session, SessionRefresh};

resource_client!();

params! {
    /// Filters for [`list`] and [`list_all`]. The API wants at least one of `client_id`
    /// and `user_id`.
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching sessions to skip.
        offset: i64,
        /// Sessions of this client.
        client_id: String,
        /// Sessions of this user.
        user_id: String,
        /// Only sessions in this status: `active`, `revoked`, `ended`, `expired`, `removed`,
        /// `abandoned` or `replaced`.
        status: String,
    }
}
paged!(ListParams);

params! {
    /// The session to create with [`create`]; `user_id` is required.
    pub struct CreateParams {
        /// The user who gets the session.
        user_id: String,
        /// The organization to make active in the session.
        active_organization_id: String,
    }
}

params! {
    /// What [`refresh`] needs from the incoming request; `expired_token`, `refresh_token`
    /// and `request_origin` are required.
    pub struct RefreshParams {
        /// The expired session JWT from the `__session` cookie (it must belong to the session).
        expired_token: String,
        /// The refresh token from the `__refresh` cookie.
        refresh_token: String,
        /// The origin of the request.
        request_origin: String,
        /// The headers of the request (a JSON object).
        request_headers: serde_json::Value,
        /// The IP address the request came from.
        request_originating_ip: String,
        /// `token` (the default: a JWT) or `cookie` (`Set-Cookie` values).
        format: String,
    }
}

params! {
    /// Options for [`create_token`] and [`create_token_from_template`].
    pub struct TokenParams {
        /// Lifetime of the token in seconds, instead of the session's or template's default.
        expires_in_seconds: i64,
    }
}

operations! {
    /// One page of sessions, newest first. Old, inactive sessions are cleaned up
    /// periodically and no longer listed.
    #[doc(alias = "GetSessionList")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Session>> {
        let (data, total_count) = self.page(params).await?;
        Ok(match total_count {
            Some(total_count) => List::new(data, total_count),
            None => List::whole(data),
        })
    }

    /// Creates an active session for a user. Only for testing: production instances
    /// refuse it; use a sign-in token ([`crate::sign_in_token::create`]) there.
    #[doc(alias = "createSession")]
    pub async fn create(&self, params: &CreateParams) -> Result<Session> {
        let s = self.api.shared()?;
        let body = set!(types::CreateSessionBody::builder(), params; user_id, active_organization_id);
        s.call(s.raw.create_session().body(body).send()).await
    }

    /// Retrieves a session by id.
    #[doc(alias = "GetSession")]
    pub async fn get(&self, session_id: &str) -> Result<Session> {
        let s = self.api.shared()?;
        s.call(s.raw.get_session().session_id(session_id).send()).await
    }

    /// Mints a new session token from an expired one and the refresh token, for SDKs
    /// handling requests without the handshake. A 401 means: fall back to the handshake.
    #[doc(alias = "RefreshSession")]
    pub async fn refresh(&self, session_id: &str, params: &RefreshParams) -> Result<SessionRefresh> {
        let s = self.api.shared()?;
        let body = set!(types::RefreshSessionBody::builder(), params;
            expired_token, refresh_token, request_origin, request_headers => object,
            request_originating_ip, format => enum_value::<types::RefreshSessionBodyFormat>);
        s.call(s.raw.refresh_session().session_id(session_id).body(body).send()).await
    }

    /// Revokes a session: the user is signed out of it and must sign in again.
    #[doc(alias = "RevokeSession")]
    pub async fn revoke(&self, session_id: &str) -> Result<Session> {
        let s = self.api.shared()?;
        s.call(s.raw.revoke_session().session_id(session_id).send()).await
    }

    /// Mints a session token (JWT) for the session, e.g. to call your backend as the user.
    #[doc(alias = "CreateSessionToken")]
    pub async fn create_token(
        &self,
        session_id: &str,
        params: &TokenParams,
    ) -> Result<types::CreateSessionTokenResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateSessionTokenBody::builder(), params; expires_in_seconds);
        s.call(s.raw.create_session_token().session_id(session_id).body(body).send()).await
    }

    /// Mints a JWT for the session shaped by the JWT template `template_name`
    /// (e.g. for a third-party service such as Hasura or Supabase).
    #[doc(alias = "CreateSessionTokenFromTemplate")]
    pub async fn create_token_from_template(
        &self,
        session_id: &str,
        template_name: &str,
        params: &TokenParams,
    ) -> Result<types::CreateSessionTokenFromTemplateResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateSessionTokenFromTemplateBody::builder(), params; expires_in_seconds);
        let b = s
            .raw
            .create_session_token_from_template()
            .session_id(session_id)
            .template_name(template_name);
        s.call(b.body(body).send()).await
    }
}

impl Client {
    /// One page of sessions and, when the API sent it, the total count.
    async fn page(&self, params: &ListParams) -> Result<(Vec<Session>, Option<i64>)> {
        let s = self.api.shared()?;
        let b = set!(s.raw.get_session_list().paginated(true), params;
            limit => unsigned, offset => unsigned, client_id, user_id, status);
        Ok(match s.call(b.send()).await? {
            types::GetSessionListResponse::Page { data, total_count } => (data, Some(total_count)),
            types::GetSessionListResponse::Items(data) => (data, None),
        })
    }
}

paginators! {
    /// Every session matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Session> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { client.page(&page).await }
        })
    }
}
