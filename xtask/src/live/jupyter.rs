//! Jupyter Server 2.21 from PyPI (`jupyter_server`, with `ipykernel` for a
//! Python kernel), installed with pip into `target/live/jupyter/venv` from
//! the pinned `live/jupyter/requirements.txt`. Its spec ships inside the
//! package: `jupyter_server/services/api/api.yaml` (Swagger 2.0).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use super::LiveServer;
use super::install;

pub struct Jupyter {
    venv: PathBuf,
    requirements: PathBuf,
    /// The server's token, new for each run; the checks send it.
    token: String,
}

impl Jupyter {
    pub fn new(root: &Path) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        Jupyter {
            venv: root.join("target/live/jupyter/venv"),
            requirements: root.join("live/jupyter/requirements.txt"),
            token: format!("oagen-live-{}-{nanos:x}", std::process::id()),
        }
    }
}

impl LiveServer for Jupyter {
    fn name(&self) -> &'static str {
        "jupyter"
    }

    fn install(&self) -> Result<String, String> {
        install::pip_requirements(&self.venv, &self.requirements)?;
        let binary = self.venv.join("bin/jupyter-server");
        install::version_line(&binary, &["--version"])
            .map(|version| format!("Jupyter Server {version}"))
            .ok_or_else(|| format!("{} --version does not run", binary.display()))
    }

    fn spec(&self) -> Result<PathBuf, String> {
        let lib = self.venv.join("lib");
        let entries = std::fs::read_dir(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
        entries
            .flatten()
            .map(|entry| {
                entry
                    .path()
                    .join("site-packages/jupyter_server/services/api/api.yaml")
            })
            .find(|spec| spec.is_file())
            .ok_or_else(|| {
                format!(
                    "no jupyter_server/services/api/api.yaml under {}",
                    lib.display()
                )
            })
    }

    fn prepare(&self, dir: &Path) -> Result<(), String> {
        for sub in ["root", "config", "data", "runtime", "ipython"] {
            let path = dir.join(sub);
            std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }

    fn command(&self, dir: &Path, port: u16) -> Command {
        let mut command = Command::new(self.venv.join("bin/jupyter-server"));
        command
            .arg("--no-browser")
            .arg("--ServerApp.ip=127.0.0.1")
            .arg(format!("--ServerApp.port={port}"))
            // Fail on a taken port (the task starts it again on another)
            // rather than serve on a port nobody knows.
            .arg("--ServerApp.port_retries=0")
            .arg(format!(
                "--ServerApp.root_dir={}",
                dir.join("root").display()
            ))
            .arg(format!("--IdentityProvider.token={}", self.token))
            // CI runs as root.
            .arg("--allow-root")
            // Configuration, data, runtime files and the kernel's IPython
            // profile in the run's folder, not the user's.
            .env("JUPYTER_CONFIG_DIR", dir.join("config"))
            .env("JUPYTER_DATA_DIR", dir.join("data"))
            .env("JUPYTER_RUNTIME_DIR", dir.join("runtime"))
            .env("IPYTHONDIR", dir.join("ipython"))
            .env("JUPYTER_PLATFORM_DIRS", "1")
            .env_remove("JUPYTER_TOKEN")
            .current_dir(dir);
        command
    }

    fn ready_path(&self) -> &'static str {
        // The one path that answers without the token.
        "/api"
    }

    fn api_path(&self) -> &'static str {
        // The spec's paths start with /api.
        ""
    }

    fn program_args(&self) -> Vec<String> {
        vec![self.token.clone()]
    }
}
