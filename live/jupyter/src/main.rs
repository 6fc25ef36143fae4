//! Checks of the generated Jupyter Server client against a real, unmodified
//! Jupyter Server 2.21 (with ipykernel's Python kernel), run by `cargo xtask
//! live` with the server's URL and its token as arguments. The server's
//! root folder is a fresh temporary one.
//!
//! Scenarios and reports as `live-harness` runs them; what each call
//! revealed is in docs/live.md and the comments next to it. Where the spec
//! and the server disagree (the spec declares `content`, `format` and
//! `mimetype` of a `Contents` as required strings; the server sends `null`,
//! and an array for a folder's content), the checks assert that the client
//! says so with `Error::Decode`, the status and the body, rather than
//! inventing a value.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Duration;

use jupyter_client::jupyter::types::{
    ContentsType, GetApiContentsByPathFormat, GetApiContentsByPathType, Kernel,
    PatchApiContentsByPathBody, PostApiContentsByPathBody, PostApiKernelsBody,
    PutApiContentsByPathBody, Session,
};
use jupyter_client::jupyter::{
    Client, Credentials, DeleteApiContentsByPathCheckpointsByCheckpointIdPath,
    DeleteApiContentsByPathError, DeleteApiKernelsByKernelIdError,
    DeleteApiTerminalsByTerminalIdError, Error, GetApiContentsByPathError,
    GetApiKernelsByKernelIdError, GetApiSessionsBySessionError, GetApiStatusError,
    GetApiTerminalsByTerminalIdError, PostApiContentsByPathCheckpointsByCheckpointIdError,
    PostApiContentsByPathCheckpointsByCheckpointIdPath,
};
use jupyter_client::runtime::{ApiKeyLocation, Auth};
use live_harness::{Report, pass, run_id, undocumented};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, token] = args.as_slice() else {
        eprintln!("usage: live-jupyter http://127.0.0.1:PORT TOKEN");
        return ExitCode::from(2);
    };
    let builder = || {
        Client::builder()
            .base_url(url)
            .timeout(Duration::from_secs(30))
    };
    // The spec declares no security; the server wants `Authorization: token T`.
    let credentials = Credentials::custom(Auth::ApiKey {
        location: ApiKeyLocation::Header,
        name: "Authorization".to_owned(),
        value: format!("token {token}").into(),
    });
    let (client, anonymous) = match (
        builder().credentials(credentials).build(),
        builder().build(),
    ) {
        (Ok(client), Ok(anonymous)) => (client, anonymous),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cannot build the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    let run = run_id();

    let mut report = Report::start();
    report
        .scenario("server", server(client.clone(), anonymous))
        .await;
    report
        .scenario("config", config(client.clone(), run.clone()))
        .await;
    report
        .scenario("contents", contents(client.clone(), run.clone()))
        .await;
    report
        .scenario(
            "kernels and sessions",
            kernels_and_sessions(client.clone(), run),
        )
        .await;
    report.scenario("terminals", terminals(client)).await;
    report.finish()
}

/// An ISO 8601 UTC time as the server writes it: `2026-01-02T03:04:05.678901Z`.
fn assert_time(what: &str, value: &str) {
    let ok = value.len() >= 20 && value.ends_with('Z') && value.as_bytes().get(10) == Some(&b'T');
    assert!(ok, "{what}: `{value}` is not a UTC time");
}

/// The body of a decode error: the server answered `status` with JSON the
/// spec's type does not describe.
fn decode_error_body<E: std::fmt::Debug, T: std::fmt::Debug>(
    outcome: Result<T, Error<E>>,
    status: u16,
) -> Value {
    match outcome {
        Err(Error::Decode {
            status: got, body, ..
        }) => {
            assert_eq!(got.as_u16(), status);
            serde_json::from_slice(&body).expect("the body is JSON")
        }
        other => panic!("expected a decode error with status {status}, got {other:?}"),
    }
}

async fn server(client: Client, anonymous: Client) {
    // GET /api/ answers 302 to /api; the client follows it.
    let about = anonymous.get_api().send().await.expect("get_api");
    assert_eq!(about.version.as_deref(), Some("2.21.1"));
    pass(
        "get_api",
        "the version, without credentials, through the server's redirect from /api/ to /api",
    );

    let status = client
        .get_api_status()
        .send()
        .await
        .expect("get_api_status");
    assert_time("started", status.started.as_deref().unwrap_or_default());
    assert_time(
        "last_activity",
        status.last_activity.as_deref().unwrap_or_default(),
    );
    assert!(status.kernels.is_some_and(|k| k >= 0.0), "{status:?}");
    assert!(status.connections.is_some_and(|c| c >= 0.0), "{status:?}");
    // Undocumented: without the token the server answers 403.
    assert_eq!(
        undocumented!(anonymous.get_api_status().send().await, GetApiStatusError)
            .status
            .as_u16(),
        403
    );
    pass(
        "get_api_status",
        "start and activity times, counts; without the token an undocumented 403",
    );

    let me = client
        .get_api_me()
        .permissions(r#"{"contents": ["read", "write"], "nothing": ["x"]}"#)
        .send()
        .await
        .expect("get_api_me");
    let identity = me.identity.expect("an identity");
    assert!(identity.username.is_some_and(|u| !u.is_empty()));
    assert!(identity.initials.is_some_and(|i| !i.is_empty()));
    assert_eq!(identity.avatar_url, None);
    assert_eq!(identity.color, None);
    let permissions = me.permissions.expect("permissions");
    // The token's user may do anything: every permission asked for is granted.
    assert_eq!(permissions["contents"], ["read", "write"]);
    assert_eq!(permissions["nothing"], ["x"]);
    pass(
        "get_api_me",
        "the anonymous identity (nulls read as None) and the permissions asked for, as a JSON query value",
    );

    let specs = client
        .get_api_kernelspecs()
        .send()
        .await
        .expect("get_api_kernelspecs");
    assert_eq!(specs.default.as_deref(), Some("python3"));
    let all = specs.kernelspecs.expect("kernel specs");
    let python = all.get("python3").expect("the python3 kernel spec");
    assert_eq!(python.name.as_deref(), Some("python3"));
    // The spec names the kernel.json part `KernelSpecFile` and a logo
    // `logo-*`; the server sends `spec` and `logo-32x32`: not in the type.
    assert_eq!(python.kernel_spec_file, None);
    let resources = python.resources.as_ref().expect("resources");
    assert_eq!(resources.logo, None);
    pass(
        "get_api_kernelspecs",
        "the default python3 spec; its `spec` and logos are not where the spec says",
    );

    let yaml = client
        .get_api_spec_yaml()
        .send()
        .await
        .expect("get_api_spec_yaml");
    assert!(
        yaml.starts_with("swagger: \"2.0\""),
        "{}",
        &yaml[..80.min(yaml.len())]
    );
    assert!(yaml.contains("/api/contents/{path}:"));
    pass(
        "get_api_spec_yaml",
        "the server's own spec, text/x-yaml read as text",
    );
}

async fn config(client: Client, run: String) {
    let section = format!("oagen_live_{}", run.replace('-', "_"));
    let empty = client
        .get_api_config_by_section_name(&section)
        .send()
        .await
        .expect("get_api_config_by_section_name");
    assert!(empty.is_empty(), "{empty:?}");
    let update: BTreeMap<String, Value> = [
        ("answer".to_owned(), json!(42)),
        ("nested".to_owned(), json!({"list": [1, "two", null]})),
    ]
    .into();
    let updated = client
        .patch_api_config_by_section_name(&section)
        .body(update.clone())
        .send()
        .await
        .expect("patch_api_config_by_section_name");
    assert_eq!(updated, update);
    pass(
        "patch_api_config_by_section_name",
        "a free-form section is sent and read back whole",
    );
    let read = client
        .get_api_config_by_section_name(&section)
        .send()
        .await
        .expect("get_api_config_by_section_name");
    assert_eq!(read, update);
    pass(
        "get_api_config_by_section_name",
        "a new section is empty; after the update it holds every key",
    );
}

async fn contents(client: Client, run: String) {
    let folder = format!("live {run}");
    // Characters a path segment must escape, and a `/` between folder and file.
    let name = "note ü+&#?%.txt";
    let path = format!("{folder}/{name}");
    let text = "hello, live";

    // The spec says `content`, `format` and `mimetype` are required strings;
    // for a new folder the server sends null for all three.
    let made = client
        .put_api_contents_by_path(&folder)
        .body(PutApiContentsByPathBody {
            r#type: Some("directory".to_owned()),
            ..Default::default()
        })
        .send()
        .await;
    let body = decode_error_body(made, 201);
    assert_eq!(body["type"], "directory");
    assert_eq!(body["path"], folder.as_str());
    assert_eq!(body["content"], Value::Null);
    let saved = client
        .put_api_contents_by_path(&path)
        .body(PutApiContentsByPathBody {
            r#type: Some("file".to_owned()),
            format: Some("text".to_owned()),
            content: Some(text.to_owned()),
            ..Default::default()
        })
        .send()
        .await;
    let body = decode_error_body(saved, 201);
    assert_eq!(body["path"], path.as_str());
    assert_eq!(body["size"], 11);
    pass(
        "put_api_contents_by_path",
        "a folder and a file made (201); the answer's nulls are a decode error with the body",
    );

    let file = client
        .get_api_contents_by_path(&path)
        .r#type(GetApiContentsByPathType::File)
        .format(GetApiContentsByPathFormat::Text)
        .content(1)
        .send()
        .await
        .expect("get_api_contents_by_path");
    assert_eq!(file.name, name);
    assert_eq!(file.path, path);
    assert_eq!(file.r#type, ContentsType::File);
    assert_eq!(file.content, text);
    assert_eq!(file.format, "text");
    assert_eq!(file.mimetype, "text/plain");
    assert_eq!(file.size, Some(11));
    assert!(file.writable);
    assert_time("created", &file.created);
    assert_time("last_modified", &file.last_modified);
    let hashed = client
        .get_api_contents_by_path(&path)
        .format(GetApiContentsByPathFormat::Base64)
        .content(1)
        .hash(1)
        .send()
        .await
        .expect("get_api_contents_by_path");
    assert_eq!(hashed.content.trim_end(), "aGVsbG8sIGxpdmU=");
    assert_eq!(hashed.hash_algorithm.as_deref(), Some("sha256"));
    assert_eq!(hashed.hash.map(|h| h.len()), Some(64));
    pass(
        "get_api_contents_by_path",
        "a file under a path with `/`, space, ü, +, &, #, ?, % read back as text and base64 with its hash",
    );

    let listing = client.get_api_contents_by_path(&folder).send().await;
    let body = decode_error_body(listing, 200);
    assert_eq!(body["content"][0]["name"], name);
    match client
        .get_api_contents_by_path(format!("{folder}/missing.txt"))
        .send()
        .await
    {
        Err(Error::Api(GetApiContentsByPathError::NotFound)) => {}
        other => panic!("a missing file: expected NotFound, got {other:?}"),
    }
    match client
        .get_api_contents_by_path(&path)
        .r#type(GetApiContentsByPathType::Directory)
        .send()
        .await
    {
        Err(Error::Api(GetApiContentsByPathError::BadRequest(bad))) => {
            // The spec names the fields `error` and `reason`; the server
            // sends `message` and `reason`.
            assert_eq!(bad.reason.as_deref(), Some("bad type"));
            assert_eq!(bad.error, None);
        }
        other => panic!("a file read as a folder: expected BadRequest, got {other:?}"),
    }
    pass(
        "get_api_contents_by_path",
        "a folder's array content is a decode error; a missing file NotFound; a file as a folder BadRequest(bad type)",
    );

    let untitled = client
        .post_api_contents_by_path(&folder)
        .body(PostApiContentsByPathBody {
            r#type: Some("file".to_owned()),
            ext: Some(".txt".to_owned()),
            ..Default::default()
        })
        .send()
        .await;
    let body = decode_error_body(untitled, 201);
    let untitled_path = body["path"].as_str().expect("a path").to_owned();
    assert_eq!(untitled_path, format!("{folder}/untitled.txt"));
    pass(
        "post_api_contents_by_path",
        "an untitled file made (201); the answer's null content a decode error",
    );

    let renamed_path = format!("{folder}/renamed.txt");
    let renamed = client
        .patch_api_contents_by_path(
            &untitled_path,
            PatchApiContentsByPathBody {
                path: Some(renamed_path.clone()),
            },
        )
        .send()
        .await;
    let body = decode_error_body(renamed, 200);
    assert_eq!(body["path"], renamed_path.as_str());
    pass(
        "patch_api_contents_by_path",
        "renamed (200); the answer's null content a decode error",
    );

    let checkpoint = client
        .post_api_contents_by_path_checkpoints(&path)
        .send()
        .await
        .expect("post_api_contents_by_path_checkpoints");
    assert_eq!(checkpoint.id, "checkpoint");
    assert_time("last_modified", &checkpoint.last_modified);
    pass(
        "post_api_contents_by_path_checkpoints",
        "a checkpoint with its id and time",
    );
    let checkpoints = client
        .get_api_contents_by_path_checkpoints(&path)
        .send()
        .await
        .expect("get_api_contents_by_path_checkpoints");
    assert_eq!(checkpoints, std::slice::from_ref(&checkpoint));
    pass(
        "get_api_contents_by_path_checkpoints",
        "the checkpoint listed",
    );
    client
        .post_api_contents_by_path_checkpoints_by_checkpoint_id(
            PostApiContentsByPathCheckpointsByCheckpointIdPath {
                path: &path,
                checkpoint_id: &checkpoint.id,
            },
        )
        .send()
        .await
        .expect("post_api_contents_by_path_checkpoints_by_checkpoint_id");
    pass(
        "post_api_contents_by_path_checkpoints_by_checkpoint_id",
        "the file restored (204)",
    );
    client
        .delete_api_contents_by_path_checkpoints_by_checkpoint_id(
            DeleteApiContentsByPathCheckpointsByCheckpointIdPath {
                path: &path,
                checkpoint_id: &checkpoint.id,
            },
        )
        .send()
        .await
        .expect("delete_api_contents_by_path_checkpoints_by_checkpoint_id");
    assert_eq!(
        undocumented!(
            client
                .post_api_contents_by_path_checkpoints_by_checkpoint_id(
                    PostApiContentsByPathCheckpointsByCheckpointIdPath {
                        path: &path,
                        checkpoint_id: &checkpoint.id,
                    },
                )
                .send()
                .await,
            PostApiContentsByPathCheckpointsByCheckpointIdError
        )
        .status
        .as_u16(),
        500
    );
    pass(
        "delete_api_contents_by_path_checkpoints_by_checkpoint_id",
        "deleted (204); restoring it then is an undocumented 500",
    );

    let resolved = client
        .get_api_resolve_path(&path)
        .send()
        .await
        .expect("get_api_resolve_path");
    assert_eq!(resolved.resolved.len(), 1, "{resolved:?}");
    assert_eq!(resolved.resolved[0].scope, "server");
    assert_eq!(resolved.resolved[0].path, path);
    assert_eq!(resolved.unresolved, None);
    pass(
        "get_api_resolve_path",
        "the file's path, in the server's scope, from the query parameter",
    );

    for doomed in [&renamed_path, &path, &folder] {
        client
            .delete_api_contents_by_path(doomed)
            .send()
            .await
            .expect("delete_api_contents_by_path");
    }
    assert_eq!(
        undocumented!(
            client.delete_api_contents_by_path(&folder).send().await,
            DeleteApiContentsByPathError
        )
        .status
        .as_u16(),
        404
    );
    pass(
        "delete_api_contents_by_path",
        "files and folder deleted (204); deleting again an undocumented 404",
    );
}

async fn kernels_and_sessions(client: Client, run: String) {
    let kernel = client
        .post_api_kernels()
        .body(PostApiKernelsBody {
            name: "python3".to_owned(),
            path: None,
        })
        .send()
        .await
        .expect("post_api_kernels");
    assert_eq!(kernel.name, "python3");
    // The id is decoded as a `uuid::Uuid` (it used to be checked as a
    // 36-character string): a real one, not the nil UUID.
    assert!(!kernel.id.is_nil(), "{kernel:?}");
    assert!(kernel.execution_state.is_some(), "{kernel:?}");
    pass("post_api_kernels", "a python3 kernel started (201)");

    let kernels = client
        .get_api_kernels()
        .send()
        .await
        .expect("get_api_kernels");
    assert!(kernels.iter().any(|k| k.id == kernel.id), "{kernels:?}");
    pass("get_api_kernels", "the kernel listed");
    let got = client
        .get_api_kernels_by_kernel_id(kernel.id)
        .send()
        .await
        .expect("get_api_kernels_by_kernel_id");
    assert_eq!((got.id, got.name.as_str()), (kernel.id, "python3"));
    assert_time(
        "last_activity",
        got.last_activity.as_deref().unwrap_or_default(),
    );
    pass("get_api_kernels_by_kernel_id", "the kernel by its id");
    client
        .post_api_kernels_by_kernel_id_interrupt(kernel.id)
        .send()
        .await
        .expect("post_api_kernels_by_kernel_id_interrupt");
    pass(
        "post_api_kernels_by_kernel_id_interrupt",
        "interrupted (204)",
    );
    let restarted = client
        .post_api_kernels_by_kernel_id_restart(kernel.id)
        .send()
        .await
        .expect("post_api_kernels_by_kernel_id_restart");
    assert_eq!(restarted.id, kernel.id);
    pass(
        "post_api_kernels_by_kernel_id_restart",
        "restarted, same id (200)",
    );

    // The spec's `Session.kernel` is a `Kernel`, whose `id` is required: a
    // session is made for a kernel already running.
    let notebook = format!("live-{run}.ipynb");
    let session = client
        .post_api_sessions()
        .body(Session {
            path: Some(notebook.clone()),
            name: Some("live".to_owned()),
            r#type: Some("notebook".to_owned()),
            kernel: Some(Kernel {
                id: kernel.id,
                name: "python3".to_owned(),
                last_activity: None,
                connections: None,
                execution_state: None,
            }),
            id: None,
        })
        .send()
        .await
        .expect("post_api_sessions");
    let session_id = session.id.expect("a session id");
    assert_eq!(session.path.as_deref(), Some(notebook.as_str()));
    assert_eq!(session.kernel.as_ref().map(|k| k.id), Some(kernel.id));
    pass(
        "post_api_sessions",
        "a notebook session on the running kernel (201)",
    );
    let sessions = client
        .get_api_sessions()
        .send()
        .await
        .expect("get_api_sessions");
    assert!(
        sessions.iter().any(|s| s.id == Some(session_id)),
        "{sessions:?}"
    );
    pass("get_api_sessions", "the session listed");
    let got = client
        .get_api_sessions_by_session(session_id)
        .send()
        .await
        .expect("get_api_sessions_by_session");
    assert_eq!(got.path, session.path);
    assert_eq!(got.r#type.as_deref(), Some("notebook"));
    pass("get_api_sessions_by_session", "the session by its id");
    let renamed = client
        .patch_api_sessions_by_session(
            session_id,
            Session {
                name: Some("live, renamed".to_owned()),
                ..Default::default()
            },
        )
        .send()
        .await
        .expect("patch_api_sessions_by_session");
    assert_eq!(renamed.name.as_deref(), Some("live, renamed"));
    assert_eq!(renamed.path, session.path);
    pass("patch_api_sessions_by_session", "the session renamed");
    client
        .delete_api_sessions_by_session(session_id)
        .send()
        .await
        .expect("delete_api_sessions_by_session");
    assert_eq!(
        undocumented!(
            client.get_api_sessions_by_session(session_id).send().await,
            GetApiSessionsBySessionError
        )
        .status
        .as_u16(),
        404
    );
    // Deleting the session shut its kernel down.
    assert_eq!(
        undocumented!(
            client.get_api_kernels_by_kernel_id(kernel.id).send().await,
            GetApiKernelsByKernelIdError
        )
        .status
        .as_u16(),
        404
    );
    pass(
        "delete_api_sessions_by_session",
        "deleted (204) with its kernel; both then an undocumented 404",
    );

    let second = client
        .post_api_kernels()
        .body(PostApiKernelsBody {
            name: "python3".to_owned(),
            path: None,
        })
        .send()
        .await
        .expect("post_api_kernels");
    client
        .delete_api_kernels_by_kernel_id(second.id)
        .send()
        .await
        .expect("delete_api_kernels_by_kernel_id");
    assert_eq!(
        undocumented!(
            client
                .delete_api_kernels_by_kernel_id(second.id)
                .send()
                .await,
            DeleteApiKernelsByKernelIdError
        )
        .status
        .as_u16(),
        404
    );
    pass(
        "delete_api_kernels_by_kernel_id",
        "a kernel shut down (204); again an undocumented 404",
    );
}

async fn terminals(client: Client) {
    let terminal = client
        .post_api_terminals()
        .send()
        .await
        .expect("post_api_terminals");
    assert!(!terminal.name.is_empty());
    assert_time(
        "last_activity",
        terminal.last_activity.as_deref().unwrap_or_default(),
    );
    pass("post_api_terminals", "a terminal with its name and time");
    let all = client
        .get_api_terminals()
        .send()
        .await
        .expect("get_api_terminals");
    assert!(all.iter().any(|t| t.name == terminal.name), "{all:?}");
    pass("get_api_terminals", "the terminal listed");
    let got = client
        .get_api_terminals_by_terminal_id(&terminal.name)
        .send()
        .await
        .expect("get_api_terminals_by_terminal_id");
    assert_eq!(got.name, terminal.name);
    pass(
        "get_api_terminals_by_terminal_id",
        "the terminal by its name",
    );
    client
        .delete_api_terminals_by_terminal_id(&terminal.name)
        .send()
        .await
        .expect("delete_api_terminals_by_terminal_id");
    match client
        .get_api_terminals_by_terminal_id(&terminal.name)
        .send()
        .await
    {
        Err(Error::Api(GetApiTerminalsByTerminalIdError::NotFound)) => {}
        other => panic!("a deleted terminal: expected NotFound, got {other:?}"),
    }
    match client
        .delete_api_terminals_by_terminal_id(&terminal.name)
        .send()
        .await
    {
        Err(Error::Api(DeleteApiTerminalsByTerminalIdError::NotFound)) => {}
        other => panic!("deleting twice: expected NotFound, got {other:?}"),
    }
    pass(
        "delete_api_terminals_by_terminal_id",
        "deleted (204); reading or deleting it again NotFound",
    );
}
