//! Prometheus Alertmanager 0.25, Debian's `prometheus-alertmanager`, run
//! as its own binary (not the system service) against the spec of that
//! version, `../shared/live/alertmanager-v0.25.0.yaml` (Swagger 2.0).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::LiveServer;
use super::install;

const PACKAGE: &str = "prometheus-alertmanager";
const BINARY: &str = "/usr/bin/prometheus-alertmanager";
/// The version the spec describes.
const SPEC_VERSION: &str = "0.25.";

/// What the checks in `live/alertmanager` rely on: two receivers, a route
/// to the second for `team="live"`, alerts grouped by name, and a critical
/// alert inhibiting the warnings of the same `live_case`. No receiver has
/// an integration, so nothing is ever sent anywhere.
const CONFIG: &str = r#"# Written by `cargo xtask live`.
route:
  receiver: live-default
  group_by: ['alertname']
  routes:
    - receiver: live-team
      matchers: ['team="live"']
receivers:
  - name: live-default
  - name: live-team
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ['live_case']
"#;

pub struct Alertmanager {
    spec: PathBuf,
}

impl Alertmanager {
    pub fn new(root: &Path) -> Self {
        Alertmanager {
            spec: root.join("../shared/live/alertmanager-v0.25.0.yaml"),
        }
    }
}

impl LiveServer for Alertmanager {
    fn name(&self) -> &'static str {
        "alertmanager"
    }

    fn spec(&self) -> Result<PathBuf, String> {
        // Generated headers name the spec by this path: keep it free of `..`.
        std::fs::canonicalize(&self.spec).map_err(|e| {
            format!(
                "{}: {e} (the live specs come from ../shared/live)",
                self.spec.display()
            )
        })
    }

    fn install(&self) -> Result<String, String> {
        let binary = Path::new(BINARY);
        install::apt_package(PACKAGE, binary)?;
        let version = install::version_line(binary, &["--version"])
            .ok_or_else(|| format!("{BINARY} --version does not run"))?;
        if !version.contains(&format!("version {SPEC_VERSION}")) {
            println!(
                "warning: {version}: the spec describes Alertmanager {SPEC_VERSION}x; \
                 differences may fail the checks"
            );
        }
        Ok(version)
    }

    fn prepare(&self, dir: &Path) -> Result<(), String> {
        let config = dir.join("alertmanager.yml");
        std::fs::write(&config, CONFIG).map_err(|e| format!("{}: {e}", config.display()))
    }

    fn command(&self, dir: &Path, port: u16) -> Command {
        let mut command = Command::new(BINARY);
        command
            .arg(format!(
                "--config.file={}",
                dir.join("alertmanager.yml").display()
            ))
            .arg(format!("--storage.path={}", dir.join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            // Empty: no cluster, so no gossip port and no settling wait.
            .arg("--cluster.listen-address=")
            .current_dir(dir);
        command
    }

    fn ready_path(&self) -> &'static str {
        "/-/ready"
    }

    fn api_path(&self) -> &'static str {
        "/api/v2"
    }
}
