//! Writing outputs: atomically, or comparing with `--check`.

use std::io::Write;
use std::path::Path;

use crate::Failure;
use crate::args::Output;

/// Print, write or check `text` as the output options say.
pub fn emit(text: &str, out: &Output) -> Result<(), Failure> {
    let Some(path) = &out.path else {
        std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))?;
        return Ok(());
    };
    if out.check {
        return check(text, path);
    }
    write_atomic(path, text)
}

fn check(text: &str, path: &Path) -> Result<(), Failure> {
    let current = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("stackc: {} is missing", path.display());
            String::new()
        }
        Err(e) => {
            return Err(Failure::Usage(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    if current == text {
        return Ok(());
    }
    let name = path.display().to_string();
    let diff = similar::TextDiff::from_lines(current.as_str(), text);
    print!(
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .header(&format!("{name} (on disk)"), &format!("{name} (generated)"))
    );
    eprintln!("stackc: {name} is stale: regenerate it without --check");
    Err(Failure::Stale)
}

/// Write through a temporary file in the same directory, then rename, so a
/// reader never sees a half-written file. A script keeps the executable bit.
fn write_atomic(path: &Path, text: &str) -> Result<(), Failure> {
    let io = |what: &str, e: std::io::Error| {
        Failure::Usage(format!("cannot {what} {}: {e}", path.display()))
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("{} is not a file name", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.stackc-{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        std::fs::create_dir_all(dir)?;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        #[cfg(unix)]
        if text.starts_with("#!") {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o755))?;
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io("write", e));
    }
    Ok(())
}
