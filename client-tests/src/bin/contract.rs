//! Contract check of the generated clients against Prism mock servers of
//! their specs. Run by `cargo xtask contract`, which starts one
//! `prism mock --errors` per spec and passes the URLs:
//!
//! ```text
//! contract env0=http://127.0.0.1:PORT actinia=http://127.0.0.1:PORT arthur=http://127.0.0.1:PORT
//! ```
//!
//! Every operation of every service is called through its generated client.
//! With `--errors`, Prism answers a request that breaks the spec (a wrong
//! parameter, missing or wrong credentials, a bad body) with an error status,
//! so a success that decodes proves two things: Prism accepted the request,
//! and the client decodes the response the spec describes. Beyond that:
//!
//! - `success`: the call succeeds and decodes Prism's answer (the spec's
//!   example, or with `Prefer: dynamic=true` a response Prism makes up from
//!   the schema);
//! - `error`: each documented error status, asked for with `Prefer: code=N`,
//!   decodes into the operation's typed error variant;
//! - `control`: requests that break the spec are refused by Prism, showing
//!   that it does check what the `success` lines rely on.
//!
//! Output: one line per check,
//! `PASS|FAIL <kind> <module>::<operation> <METHOD> <path> <detail>`, then
//! `N passed, M failed`. The exit status is 1 when a check failed. The xtask
//! reads the `PASS success` lines to verify that every operation of every
//! spec was covered.

use std::fmt::Debug;
use std::future::Future;
use std::process::ExitCode;
use std::time::Duration;

use generated::runtime::{self, Method, RetryPolicy, StreamExt};
use generated::{actinia, arthur, env0};

const CALL_TIMEOUT: Duration = Duration::from_secs(20);
const ENV_ID: &str = "3f2a1c8e-5b7d-4e9a-8c21-0d6f4b9a7e13";
const API_KEY_ID: &str = "0b9f2c4e-7a1d-4c3b-9e8f-5d6a7b8c9d0e";

/// The example key's id as the path parameter takes it (`format: uuid`).
fn api_key_id() -> runtime::uuid::Uuid {
    runtime::uuid::Uuid::from_u128(0x0b9f2c4e_7a1d_4c3b_9e8f_5d6a7b8c9d0e)
}

/// A `date-time` written as RFC 3339 (the contract's fixed instants).
fn at(text: &str) -> runtime::chrono::DateTime<runtime::chrono::FixedOffset> {
    runtime::chrono::DateTime::parse_from_rfc3339(text).unwrap_or_default()
}

type Outcome = Result<String, String>;

#[derive(Default)]
struct Checks {
    passed: usize,
    failed: usize,
}

impl Checks {
    /// Runs one check (bounded in time) and prints its line.
    async fn check(
        &mut self,
        kind: &str,
        operation: &str,
        detail: &str,
        check: impl Future<Output = Outcome>,
    ) {
        let outcome = match tokio::time::timeout(CALL_TIMEOUT, check).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!("no answer within {CALL_TIMEOUT:?}")),
        };
        match outcome.map(|t| one_line(&t)).map_err(|t| one_line(&t)) {
            Ok(found) => {
                self.passed += 1;
                println!("PASS {kind} {operation} {detail}: {found}");
            }
            Err(problem) => {
                self.failed += 1;
                println!("FAIL {kind} {operation} {detail}: {problem}");
            }
        }
    }
}

/// `text` on one line (whitespace runs folded), at most 400 characters.
fn one_line(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(400) {
        Some((cut, _)) => format!("{}...", &folded[..cut]),
        None => folded,
    }
}

/// `accept`'s description if the call succeeded and `accept` holds.
fn success<T: Debug, E: Debug>(
    result: Result<T, runtime::Error<E>>,
    accept: impl FnOnce(&T) -> Outcome,
) -> Outcome {
    match result {
        Ok(value) => accept(&value).map_err(|why| format!("{why}; got {value:?}")),
        Err(e) => Err(describe_error(&e)),
    }
}

/// `Ok` if the call failed with the operation's error and `accept` holds.
fn api_error<T: Debug, E: Debug>(
    result: Result<T, runtime::Error<E>>,
    accept: impl FnOnce(&E) -> Option<String>,
) -> Outcome {
    match result {
        Err(runtime::Error::Api(e)) => accept(&e).ok_or_else(|| format!("unexpected error {e:?}")),
        Err(e) => Err(describe_error(&e)),
        Ok(value) => Err(format!("expected an error, got {value:?}")),
    }
}

fn describe_error<E: Debug>(e: &runtime::Error<E>) -> String {
    match e {
        runtime::Error::Decode {
            status,
            body,
            path,
            source,
        } => format!(
            "could not decode the {status} response at `{path}` ({source}): {}",
            String::from_utf8_lossy(body)
        ),
        other => format!("{other:?}"),
    }
}

fn ensure(condition: bool, why: &str) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(why.to_owned())
    }
}

/// A reqwest builder whose clients send `Prefer: <prefer>` with every
/// request (Prism reads it to pick the response), or a plain one. The
/// runtime adds its own redirect handling and timeouts to it.
fn http(prefer: Option<&str>) -> reqwest::ClientBuilder {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(prefer) = prefer {
        headers.insert(
            "prefer",
            reqwest::header::HeaderValue::from_str(prefer).expect("a valid header value"),
        );
    }
    reqwest::Client::builder().default_headers(headers)
}

/// Builds a client of service `S` for `url` with `prefer` and no retries
/// (a mocked 429 or 503 is to be seen, not waited out). Prism serves the
/// spec's paths at its root, without the spec's `basePath` or server path:
/// the URL is taken exactly (`base_url` would append actinia's `/api/v3`).
fn builder<S: runtime::Service>(url: &str, prefer: Option<&str>) -> runtime::ClientBuilder<S> {
    runtime::ClientBuilder::<S>::default()
        .base_url_exact(url)
        .http_client_builder(http(prefer))
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
}

// ---------------------------------------------------------------------------
// env0
// ---------------------------------------------------------------------------

async fn env0_checks(checks: &mut Checks, url: &str) {
    const AUTH: &str = "env0::authentication HEAD /";
    const LIST: &str = "env0::list_deployments GET /environments/{id}/deployments";
    let client = |prefer: Option<&str>| {
        builder::<env0::Client>(url, prefer)
            .credentials(env0::Credentials::api_key("key-id", "key-secret"))
            .build()
            .expect("the env0 client builds")
    };
    let plain = client(None);
    let dynamic = client(Some("dynamic=true"));

    checks
        .check("success", AUTH, "with Basic credentials", async {
            success(plain.authentication().send().await, |_| Ok("200".into()))
        })
        .await;
    checks
        .check("success", LIST, "no optional parameters", async {
            success(plain.list_deployments(ENV_ID).send().await, |page| {
                ensure(page.len() == 1, "expected the example's one item")?;
                let d = &page[0];
                ensure(
                    d.id == "9b1d6a4e-2f3c-4d5e-8a7b-6c5d4e3f2a1b",
                    "not the example's id",
                )?;
                ensure(
                    d.r#type == env0::types::DeploymentType::Deploy
                        && d.status == env0::types::DeploymentStatus::Success,
                    "not the example's type and status",
                )?;
                ensure(
                    d.plan_summary.as_ref().is_some_and(|p| p.added == 2),
                    "planSummary not decoded",
                )?;
                Ok(format!("{} deployment, {:?}", page.len(), d.status))
            })
        })
        .await;
    checks
        .check("success", LIST, "every parameter set", async {
            use env0::types::{DeploymentStatus as S, DeploymentType as T};
            let result = plain
                .list_deployments(ENV_ID)
                .limit(100)
                .offset(0)
                .from_date(at("2024-05-01T00:00:00.000Z"))
                .to_date(at("2024-05-31T23:59:59.999Z"))
                .deployment_types([T::Deploy, T::PrPlan, T::DriftDetection, T::ModuleTest])
                .statuses([S::Success, S::Failure, S::NeverDeployed])
                .user_ids([
                    "auth0|5f1e2d3c4b5a697887766554".to_owned(),
                    "a user, with a comma".to_owned(),
                ])
                .send()
                .await;
            success(result, |page| Ok(format!("{} deployment", page.len())))
        })
        .await;
    checks
        .check("success", LIST, "into_stream with limit 2", async {
            let items: Vec<_> = plain
                .list_deployments(ENV_ID)
                .limit(2)
                .into_stream()
                .collect()
                .await;
            match items.as_slice() {
                [Ok(d)] => Ok(format!("one short page: {}", d.id)),
                other => Err(format!("expected one item, got {other:?}")),
            }
        })
        .await;
    checks
        .check("success", AUTH, "Prefer: dynamic=true", async {
            success(dynamic.authentication().send().await, |_| Ok("200".into()))
        })
        .await;
    checks
        .check("success", LIST, "Prefer: dynamic=true", async {
            success(dynamic.list_deployments(ENV_ID).send().await, |page| {
                Ok(format!("{} generated deployments decoded", page.len()))
            })
        })
        .await;

    // Documented errors.
    for code in [401u16, 429] {
        let c = client(Some(&format!("code={code}")));
        checks
            .check("error", AUTH, &format!("Prefer: code={code}"), async {
                api_error(c.authentication().send().await, |e| match (code, e) {
                    (401, env0::AuthenticationError::Unauthorized) => Some("Unauthorized".into()),
                    (429, env0::AuthenticationError::TooManyRequests { retry_after }) => {
                        Some(format!("TooManyRequests, retry after {retry_after:?}"))
                    }
                    _ => None,
                })
            })
            .await;
    }
    for code in [400u16, 401, 404, 429] {
        let c = client(Some(&format!("code={code}")));
        checks
            .check("error", LIST, &format!("Prefer: code={code}"), async {
                use env0::ListDeploymentsError as E;
                api_error(c.list_deployments(ENV_ID).send().await, |e| {
                    match (code, e) {
                        (400, E::BadRequest(b))
                        | (401, E::Unauthorized(b))
                        | (404, E::NotFound(b)) => {
                            Some(format!("{e:?}")).filter(|_| !b.message.is_empty())
                        }
                        (429, E::TooManyRequests { body: Some(b), .. }) => {
                            Some(format!("{e:?}")).filter(|_| b.message == "Too Many Requests")
                        }
                        _ => None,
                    }
                })
            })
            .await;
    }

    // Prism checks the credentials.
    let anonymous = builder::<env0::Client>(url, None)
        .build()
        .expect("the env0 client builds");
    checks
        .check("control", AUTH, "without credentials is refused", async {
            api_error(anonymous.authentication().send().await, |e| {
                matches!(e, env0::AuthenticationError::Unauthorized).then(|| "401".into())
            })
        })
        .await;
}

// ---------------------------------------------------------------------------
// actinia
// ---------------------------------------------------------------------------

async fn actinia_checks(checks: &mut Checks, url: &str) {
    const KEY: &str = "actinia::get_api_key GET /api_key";
    const TOKEN: &str = "actinia::get_token GET /token";
    let client = |prefer: Option<&str>| {
        builder::<actinia::Client>(url, prefer)
            .credentials(actinia::Credentials::basic("actinia-gdi", "secret"))
            .build()
            .expect("the actinia client builds")
    };
    let plain = client(None);
    let dynamic = client(Some("dynamic=true"));

    checks
        .check("success", KEY, "with Basic credentials", async {
            success(plain.get_api_key().send().await, |key| {
                ensure(key.status == "success", "status is not success")?;
                ensure(key.token.starts_with("eyJ"), "not the example's key")?;
                Ok(format!("{}: key of {} chars", key.status, key.token.len()))
            })
        })
        .await;
    checks
        .check("success", TOKEN, "no optional parameters", async {
            success(plain.get_token().send().await, |t| {
                ensure(t.status == "success" && !t.token.is_empty(), "no token")?;
                Ok(format!("{}: token of {} chars", t.status, t.token.len()))
            })
        })
        .await;
    for seconds in [1, 3600, 31_536_000] {
        checks
            .check(
                "success",
                TOKEN,
                &format!("expiration_time={seconds}"),
                async {
                    let result = plain.get_token().expiration_time(seconds).send().await;
                    success(result, |t| Ok(t.status.clone()))
                },
            )
            .await;
    }
    checks
        .check("success", KEY, "Prefer: dynamic=true", async {
            success(dynamic.get_api_key().send().await, |k| {
                Ok(format!("generated {:?}", k.status))
            })
        })
        .await;
    checks
        .check("success", TOKEN, "Prefer: dynamic=true", async {
            success(dynamic.get_token().send().await, |t| {
                Ok(format!("generated {:?}", t.status))
            })
        })
        .await;

    for code in [400u16, 401] {
        let c = client(Some(&format!("code={code}")));
        checks
            .check("error", KEY, &format!("Prefer: code={code}"), async {
                use actinia::GetApiKeyError as E;
                api_error(c.get_api_key().send().await, |e| match (code, e) {
                    (400, E::BadRequest(_)) | (401, E::Unauthorized(_)) => Some(format!("{e:?}")),
                    _ => None,
                })
            })
            .await;
        checks
            .check("error", TOKEN, &format!("Prefer: code={code}"), async {
                use actinia::GetTokenError as E;
                api_error(c.get_token().send().await, |e| match (code, e) {
                    (400, E::BadRequest(_)) | (401, E::Unauthorized(_)) => Some(format!("{e:?}")),
                    _ => None,
                })
            })
            .await;
    }

    // Prism checks query parameters: one the client would refuse to send,
    // sent through the transport directly.
    checks
        .check("control", TOKEN, "expiration_time=0 is refused", async {
            let mut request = runtime::Request::new(Method::GET, "/token", "/token".into(), true);
            request.query("expiration_time", &0, runtime::Style::Form, true);
            match plain.transport().execute::<()>(request).await {
                Ok(response) if response.status.as_u16() == 400 => Ok("400".into()),
                Ok(response) => Err(format!("expected 400, got {}", response.status)),
                Err(e) => Err(describe_error(&e)),
            }
        })
        .await;
}

// ---------------------------------------------------------------------------
// Arthur
// ---------------------------------------------------------------------------

async fn arthur_checks(checks: &mut Checks, url: &str) {
    const LIST: &str = "arthur::get_all_active_api_keys GET /auth/api_keys/";
    const CREATE: &str = "arthur::create_api_key POST /auth/api_keys/";
    const GET: &str = "arthur::get_api_key GET /auth/api_keys/{api_key_id}";
    const DEACTIVATE: &str =
        "arthur::deactivate_api_key DELETE /auth/api_keys/deactivate/{api_key_id}";
    let client = |prefer: Option<&str>| {
        builder::<arthur::Client>(url, prefer)
            .credentials(arthur::Credentials::bearer("arthur-api-key"))
            .build()
            .expect("the Arthur client builds")
    };
    let plain = client(None);
    let dynamic = client(Some("dynamic=true"));
    let new_key = || {
        arthur::types::NewApiKeyRequest::new()
            .description("contract check")
            .roles([
                arthur::types::ApiKeysRolesEnum::ValidationUser,
                arthur::types::ApiKeysRolesEnum::OrgAdmin,
            ])
    };

    checks
        .check("success", LIST, "with Bearer credentials", async {
            success(plain.get_all_active_api_keys().send().await, |keys| {
                ensure(!keys.is_empty(), "no keys")?;
                ensure(
                    keys[0].key.is_none() && keys[0].is_active,
                    "not the example",
                )?;
                Ok(format!("{} active key", keys.len()))
            })
        })
        .await;
    checks
        .check("success", CREATE, "description and roles", async {
            success(plain.create_api_key(new_key()).send().await, |key| {
                ensure(key.key.is_some(), "the new key is missing")?;
                Ok(format!("created {}", key.id))
            })
        })
        .await;
    checks
        .check("success", CREATE, "empty body", async {
            let result = plain
                .create_api_key(arthur::types::NewApiKeyRequest::default())
                .send()
                .await;
            success(result, |key| Ok(format!("created {}", key.id)))
        })
        .await;
    checks
        .check("success", GET, "by id", async {
            success(plain.get_api_key(api_key_id()).send().await, |key| {
                ensure(key.id == API_KEY_ID, "not the example's id")?;
                Ok(format!("active: {}", key.is_active))
            })
        })
        .await;
    checks
        .check("success", DEACTIVATE, "by id", async {
            success(plain.deactivate_api_key(api_key_id()).send().await, |key| {
                ensure(
                    !key.is_active && key.deactivated_at.is_some(),
                    "not deactivated",
                )?;
                Ok(format!("active: {}", key.is_active))
            })
        })
        .await;
    checks
        .check("success", LIST, "Prefer: dynamic=true", async {
            success(dynamic.get_all_active_api_keys().send().await, |keys| {
                Ok(format!("{} generated keys decoded", keys.len()))
            })
        })
        .await;
    checks
        .check("success", CREATE, "Prefer: dynamic=true", async {
            success(dynamic.create_api_key(new_key()).send().await, |k| {
                Ok(format!("generated {}", k.id))
            })
        })
        .await;
    checks
        .check("success", GET, "Prefer: dynamic=true", async {
            success(dynamic.get_api_key(api_key_id()).send().await, |k| {
                Ok(format!("generated {}", k.id))
            })
        })
        .await;
    checks
        .check("success", DEACTIVATE, "Prefer: dynamic=true", async {
            success(dynamic.deactivate_api_key(api_key_id()).send().await, |k| {
                Ok(format!("generated {}", k.id))
            })
        })
        .await;

    let invalid = client(Some("code=422"));
    checks
        .check("error", CREATE, "Prefer: code=422", async {
            api_error(invalid.create_api_key(new_key()).send().await, |e| {
                matches!(e, arthur::CreateApiKeyError::ValidationError(_)).then(|| format!("{e:?}"))
            })
        })
        .await;
    checks
        .check("error", GET, "Prefer: code=422", async {
            api_error(invalid.get_api_key(api_key_id()).send().await, |e| {
                matches!(e, arthur::GetApiKeyError::ValidationError(_)).then(|| format!("{e:?}"))
            })
        })
        .await;
    checks
        .check("error", DEACTIVATE, "Prefer: code=422", async {
            api_error(invalid.deactivate_api_key(api_key_id()).send().await, |e| {
                matches!(e, arthur::DeactivateApiKeyError::ValidationError(_))
                    .then(|| format!("{e:?}"))
            })
        })
        .await;

    // Prism checks credentials. An id that is not a UUID is no longer sent
    // to be refused: the parameter is a `Uuid`, so no such call compiles
    // (the 422 still decodes: `Prefer: code=422` above).
    let _typed_id: fn(&arthur::Client, runtime::uuid::Uuid) -> arthur::GetApiKey =
        arthur::Client::get_api_key;
    let anonymous = builder::<arthur::Client>(url, None)
        .build()
        .expect("the Arthur client builds");
    checks
        .check("control", LIST, "without credentials is refused", async {
            api_error(
                anonymous.get_all_active_api_keys().send().await,
                |e| match e {
                    arthur::GetAllActiveApiKeysError::UnexpectedStatus(s)
                        if s.status.as_u16() == 401 =>
                    {
                        Some("401".into())
                    }
                    _ => None,
                },
            )
        })
        .await;
}

// ---------------------------------------------------------------------------

#[tokio::main]
async fn main() -> ExitCode {
    let mut urls = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.split_once('=') {
            Some((module, url)) => {
                urls.push((module.to_owned(), url.to_owned()));
            }
            None => {
                eprintln!("usage: contract MODULE=URL... (modules: env0, actinia, arthur)");
                return ExitCode::from(2);
            }
        }
    }
    let mut checks = Checks::default();
    for (module, url) in &urls {
        match module.as_str() {
            "env0" => env0_checks(&mut checks, url).await,
            "actinia" => actinia_checks(&mut checks, url).await,
            "arthur" => arthur_checks(&mut checks, url).await,
            other => {
                checks.failed += 1;
                println!("FAIL setup {other}:: - no checks for module `{other}`");
            }
        }
    }
    println!("{} passed, {} failed", checks.passed, checks.failed);
    if checks.failed == 0 && checks.passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
