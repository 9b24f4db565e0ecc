//! The people of the matrix's workspace, and requests sent as one of them through the whole
//! router: the gate, the session cookie, the server function or handler, the answer's status.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use app::auth::api::CreateUser;
use app::auth::session;
use app::auth::teams::api::{AssignTeam, CreateTeam};
use app::auth::teams::types::Team;
use app::auth::tokens::service as tokens;
use app::auth::tokens::types::TokenForm;
use app::auth::types::CreatedUser;
use app::backup::schedule::Shelf;
use app::core::actor::{Actor, Device, User};
use app::core::context::ServerContext;
use app::core::files::Store;
use app::core::memo::Memo;
use app::core::settings::types::WorkspaceSettings;
use app::core::signing::SecretKey;
use app::deals::pipelines::api::ListPipelines;
use app::deals::types::Pipeline;
use app::workspace::api::{GetSettings, UpdateSettings};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use leptos::config::LeptosOptions;
use leptos::server_fn::ServerFn;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower::ServiceExt;
use uuid::Uuid;

use super::Who;
use crate::api::inbound::InboundSecret;
use crate::http::proxies::TrustedProxies;
use crate::http::router::router;
use crate::http::state::AppState;

/// Everyone's password: the owner's is the one the desk's workspace sets up with.
pub const PASSWORD: &str = "correct horse";
pub const INBOUND_SECRET: &str = "the inbound secret of the matrix";

/// One request, as the table makes it.
pub struct Call {
    pub method: Method,
    /// The route it reaches, as the router names it (`/api/attachments/{id}`).
    pub route: String,
    pub path: String,
    pub content_type: Option<String>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    server_fn: bool,
    /// A batch answers 200 and each write in its body: the first write's answer is the one.
    pub batch: bool,
    /// Sent with an API token of the person's, with these scopes, instead of their session.
    pub token: Option<&'static [&'static str]>,
}

impl Call {
    /// A server function's call, its arguments encoded as a form, as the browser posts it.
    pub fn form<T: ServerFn + Serialize>(args: T) -> Call {
        let body = serde_qs::to_string(&args).expect("arguments as a form");
        Call::server_fn::<T>("application/x-www-form-urlencoded", body.into_bytes())
    }

    /// A server function's call whose arguments travel as JSON.
    pub fn json<T: ServerFn + Serialize>(args: T) -> Call {
        let body = serde_json::to_vec(&args).expect("arguments as JSON");
        Call::server_fn::<T>("application/json", body)
    }

    fn server_fn<T: ServerFn>(content_type: &str, body: Vec<u8>) -> Call {
        Call {
            method: Method::POST,
            route: T::PATH.to_owned(),
            path: T::PATH.to_owned(),
            content_type: Some(content_type.to_owned()),
            headers: Vec::new(),
            body,
            server_fn: true,
            batch: false,
            token: None,
        }
    }

    /// A REST request to `path`, one of `route`'s.
    pub fn rest(method: Method, route: &str, path: impl Into<String>) -> Call {
        Call {
            method,
            route: route.to_owned(),
            path: path.into(),
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            server_fn: false,
            batch: false,
            token: None,
        }
    }

    pub fn with_token(mut self, scopes: &'static [&'static str]) -> Call {
        self.token = Some(scopes);
        self
    }

    pub fn in_batch(mut self) -> Call {
        self.batch = true;
        self
    }

    pub fn with_body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Call {
        self.content_type = Some(content_type.to_owned());
        self.body = body.into();
        self
    }

    /// A change that names the version it read (`If-Match`), as a program sends it.
    pub fn at_version(self, version: i32) -> Call {
        self.with_header("if-match", format!("\"{version}\""))
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.headers.push((name, value.into()));
        self
    }

    /// A file posted as a browser's form does.
    pub fn with_file(self, fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> Call {
        let mut body = Vec::new();
        for (field, value) in fields {
            body.extend_from_slice(
                format!(
                    "--b\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n--b--\r\n");
        self.with_body("multipart/form-data; boundary=b", body)
    }

    /// Whether the row `name` calls what it is named after: a server function's path is its
    /// name, and a number when the name alone is not its endpoint.
    pub fn names(&self, name: &str) -> bool {
        !self.server_fn
            || self
                .path
                .strip_prefix("/api/")
                .and_then(|rest| rest.strip_prefix(name))
                .is_some_and(|tail| tail.chars().all(|c| c.is_ascii_digit()))
    }
}

/// Requests through the whole router, each in a session of its own: a call that signs out or
/// ends sessions ends only that one.
pub struct Door {
    pub conn: DatabaseConnection,
    router: Router,
    made: AtomicU32,
}

impl Door {
    /// A number not given before, for names that must differ.
    pub fn unique(&self) -> u32 {
        self.made.fetch_add(1, Ordering::Relaxed)
    }

    pub async fn send(&self, person: Option<&User>, call: &Call) -> (StatusCode, Bytes) {
        let (status, headers, body) = self.exchange(person, call).await;
        // A form's redirect says where it went: the body of the answer, for the fixtures.
        match headers.get(header::LOCATION) {
            Some(to) if body.is_empty() => (status, Bytes::copy_from_slice(to.as_bytes())),
            _ => (status, body),
        }
    }

    /// The `Authorization` of a new API token of `person`'s with `scopes`.
    pub async fn bearer(&self, person: &User, scopes: &[&str]) -> String {
        let form = TokenForm {
            name: "matrix".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            expires_days: String::new(),
        };
        let maker = Actor::without_session(person.clone());
        let made = tokens::create(&self.conn, &maker, &form, chrono::Utc::now())
            .await
            .expect("a token");
        format!("Bearer {}", made.secret)
    }

    /// The answer to `call` sent by `person` (or by nobody, with what its headers carry).
    pub async fn exchange(
        &self,
        person: Option<&User>,
        call: &Call,
    ) -> (StatusCode, HeaderMap, Bytes) {
        let mut request = Request::builder()
            .method(call.method.clone())
            .uri(&call.path);
        let now = chrono::Utc::now();
        match (person, call.token) {
            (Some(person), None) => {
                let token = session::start(&self.conn, person.id, Device::default(), now)
                    .await
                    .expect("a session");
                let cookie = format!("{}={token}", session::COOKIE_NAME);
                request = request.header(header::COOKIE, cookie);
            }
            (Some(person), Some(scopes)) => {
                request = request.header(header::AUTHORIZATION, self.bearer(person, scopes).await);
            }
            (None, _) => {}
        }
        if let Some(content_type) = &call.content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        let mut request = request
            .body(Body::from(call.body.clone()))
            .expect("a request");
        // As the server's listener gives it: whose address the limits and the audit see.
        let peer = SocketAddr::from(([127, 0, 0, 1], 40000));
        request.extensions_mut().insert(ConnectInfo(peer));
        let answer = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("an answer");
        let (parts, body) = answer.into_parts();
        let body = axum::body::to_bytes(body, 1 << 24)
            .await
            .expect("the answer's body");
        (parts.status, parts.headers, body)
    }

    /// What `person` gets from `call`, which must succeed: for making the records asked about.
    pub async fn ask<O: DeserializeOwned>(&self, person: &User, call: Call) -> O {
        let (status, body) = self.send(Some(person), &call).await;
        assert!(
            status.is_success(),
            "{} as {}: {status} {}",
            call.path,
            person.name,
            String::from_utf8_lossy(&body)
        );
        serde_json::from_slice(&body).unwrap_or_else(|err| {
            panic!("{}: {err}: {}", call.path, String::from_utf8_lossy(&body))
        })
    }

    /// A new teammate with `role`, added by `owner`.
    pub async fn user(&self, owner: &User, role: &str) -> User {
        let n = self.unique();
        let add = CreateUser {
            email: format!("{role}.{n}@acme.cn"),
            name: format!("{role} {n}"),
            role: role.into(),
            password: PASSWORD.into(),
        };
        let created: CreatedUser = self.ask(owner, Call::form(add)).await;
        created.user
    }

    /// A new team, made by `owner`.
    pub async fn team(&self, owner: &User, lead: Option<Uuid>) -> Team {
        let add = CreateTeam {
            name: format!("Team {}", self.unique()),
            lead_id: lead.map(|id| id.to_string()).unwrap_or_default(),
        };
        self.ask(owner, Call::form(add)).await
    }
}

/// The workspace: an owner, team A (a manager who leads it and a rep), team B (a rep), a
/// support agent and a marketer; sales see only their own team's records.
pub struct Client {
    pub door: Door,
    pub owner: User,
    pub manager: User,
    pub rep: User,
    pub other_rep: User,
    pub support: User,
    pub marketing: User,
    pub pipeline: Pipeline,
}

impl Client {
    pub async fn new(conn: &DatabaseConnection) -> Client {
        let owner = crate::testing::desk::owner(conn).await.user;
        let ctx = ServerContext {
            conn: conn.clone(),
            secure_cookies: false,
            key: SecretKey::for_tests(),
            public_url: "https://crm.acme.cn".into(),
            files: Store::temporary(),
            memo: Memo::default(),
        };
        let shelf = Shelf {
            folder: std::env::temp_dir().join(format!("banyan-backups-{}", Uuid::now_v7())),
            passphrase: None,
        };
        let state = AppState::new(
            LeptosOptions::builder().output_name("banyan").build(),
            ctx,
            InboundSecret(Some(Arc::from(INBOUND_SECRET))),
            TrustedProxies::default(),
            shelf,
        );
        let door = Door {
            conn: conn.clone(),
            router: router(state),
            made: AtomicU32::new(0),
        };
        let manager = door.user(&owner, "manager").await;
        let rep = door.user(&owner, "sales").await;
        let other_rep = door.user(&owner, "sales").await;
        let team_a = door.team(&owner, Some(manager.id)).await;
        let team_b = door.team(&owner, None).await;
        let mut placed = Vec::new();
        for (user, team) in [
            (manager, team_a.id),
            (rep, team_a.id),
            (other_rep, team_b.id),
        ] {
            let assign = AssignTeam {
                id: user.id,
                team: team.to_string(),
                version: user.version,
            };
            placed.push(door.ask::<User>(&owner, Call::form(assign)).await);
        }
        let [manager, rep, other_rep] = placed.try_into().expect("three placed");
        restrict_sales_to_their_team(&door, &owner).await;
        let pipelines: Vec<Pipeline> = door.ask(&owner, Call::form(ListPipelines {})).await;
        Client {
            support: door.user(&owner, "support").await,
            marketing: door.user(&owner, "marketing").await,
            pipeline: pipelines.into_iter().next().expect("the default pipeline"),
            door,
            owner,
            manager,
            rep,
            other_rep,
        }
    }

    pub fn person(&self, who: Who) -> Option<&User> {
        match who {
            Who::Owner => Some(&self.owner),
            Who::Manager => Some(&self.manager),
            Who::Rep => Some(&self.rep),
            Who::OtherRep => Some(&self.other_rep),
            Who::Support => Some(&self.support),
            Who::Marketing => Some(&self.marketing),
            Who::Visitor => None,
        }
    }

    pub async fn send(&self, who: Who, call: &Call) -> (StatusCode, Bytes) {
        self.door.send(self.person(who), call).await
    }

    pub async fn ask<O: DeserializeOwned>(&self, who: Who, call: Call) -> O {
        let person = self.person(who).expect("someone signed in");
        self.door.ask(person, call).await
    }
}

async fn restrict_sales_to_their_team(door: &Door, owner: &User) {
    let now: WorkspaceSettings = door.ask(owner, Call::form(GetSettings {})).await;
    let _: WorkspaceSettings = door.ask(owner, Call::form(restricted(now))).await;
}

/// The workspace's settings as they are, with sales restricted to their team's records.
pub fn restricted(now: WorkspaceSettings) -> UpdateSettings {
    UpdateSettings {
        company_name: now.company_name,
        country: now.country,
        time_zone: now.time_zone,
        base_currency: now.base_currency,
        default_locale: now.default_locale.tag().into(),
        restrict_sales_to_team: Some("on".into()),
        track_campaign_mail: None,
        version: now.version,
    }
}
