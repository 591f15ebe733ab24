//! A remote build context (`fixtures/engine/remote.toml`): `docker build`
//! fetches a tarball over HTTP (served from 127.0.0.1 by `python3 -m
//! http.server`, which the daemon on this host reaches), the image is
//! built from it, and a second `up` keeps it (the URL is the build input).

use std::process::{Child, Command, Stdio};

use crate::Stack;
use crate::engine_support::{exec, free_port};

/// The HTTP server, killed when the test ends (also when it fails).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Serve `dir` on 127.0.0.1:`port` for at most five minutes.
fn serve(dir: &std::path::Path, port: u16) -> Server {
    let child = Command::new("timeout")
        .args(["300", "python3", "-m", "http.server", "--bind", "127.0.0.1"])
        .arg(port.to_string())
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs");
    let up = crate::engine_support::eventually(std::time::Duration::from_secs(10), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "the HTTP server listens on {port}");
    Server(child)
}

#[test]
fn a_remote_context_is_built_once() {
    let stack = crate::stack_or_skip!("remote", "remote.toml");
    // The context: a tarball with a Dockerfile.
    let served = crate::support::tempdir("remote-context");
    let context = served.join("ctx");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(
        context.join("Dockerfile"),
        "FROM stackc-test-busybox:1\nARG GREETING\nRUN echo \"$GREETING\" > /greeting\n",
    )
    .unwrap();
    let tar = Command::new("tar")
        .args(["-C"])
        .arg(&context)
        .args(["-cf"])
        .arg(served.join("ctx.tar"))
        .arg("Dockerfile")
        .status()
        .unwrap();
    assert!(tar.success());
    let port = free_port();
    let _server = serve(&served, port);
    stack.edit("127.0.0.1:18932", &format!("127.0.0.1:{port}"));
    stack.compile("up");

    let first = stack.run_ok("up", &[]);
    let images = stack.images();
    assert_eq!(images.len(), 1, "{}", first.transcript());
    let app = &stack.container_ids()[&stack.container("app")];
    assert_eq!(exec(app, &["cat", "/greeting"]), "from afar\n");

    let again = stack.run_ok("up", &[]);
    assert_eq!(stack.images(), images, "{}", again.transcript());
    assert!(
        !again.stdout.contains("built"),
        "a second up builds nothing: {}",
        again.transcript()
    );
    assert_eq!(
        stack.container_ids()[&stack.container("app")],
        *app,
        "{}",
        again.transcript()
    );
}
