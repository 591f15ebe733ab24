//! Writing outputs: to standard output, to a file (atomically), or
//! comparing with `--check`.
//!
//! What an output may replace: a regular file (through a temporary file in
//! the same directory and a rename, keeping the file's mode), or nothing.
//! A character device or a FIFO (`-o /dev/null`, a pipe) is written to,
//! never replaced; a directory is an error; and an input of the stack (the
//! stack file, an env file, a Dockerfile, a bind-mounted file) is never
//! overwritten. A closed standard output (`stackc bash | head`) ends the
//! command quietly.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Failure;
use crate::args::Output;

/// The files a stack reads (canonical paths), which no output may replace.
#[derive(Debug, Default)]
pub struct Inputs(Vec<PathBuf>);

impl Inputs {
    /// The stack file and the files it names: env and label files, Dockerfiles and
    /// literal bind-mount sources.
    pub fn of(stack_path: &Path, stack: &stackc_ir::Stack) -> Self {
        let base = match stack_path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut files = vec![stack_path.to_path_buf()];
        let mut builds: Vec<&stackc_ir::stack::Build> =
            stack.images.values().map(|image| &image.build).collect();
        for service in stack.services.values() {
            files.extend(
                service
                    .env_file
                    .iter()
                    .filter_map(|f| f.value.path.as_literal())
                    .map(|path| base.join(path)),
            );
            files.extend(service.label_file.iter().map(|f| base.join(&f.value)));
            builds.extend(service.build.as_deref());
            for mount in &service.volumes {
                if let stackc_ir::stack::Mount::Bind { source, .. } = &mount.value
                    && let Some(source) = source.as_literal()
                {
                    files.push(base.join(source));
                }
            }
        }
        for build in builds {
            let context = base.join(&build.context.value);
            let dockerfile = build
                .dockerfile
                .as_ref()
                .map_or(Some("Dockerfile"), |d| d.as_literal());
            if let Some(dockerfile) = dockerfile {
                files.push(context.join(dockerfile));
            }
        }
        Self(
            files
                .iter()
                .filter_map(|f| f.canonicalize().ok())
                .filter(|f| f.is_file())
                .collect(),
        )
    }

    /// These inputs and `paths` (the overlays of the stack file).
    pub fn and_files(mut self, paths: &[PathBuf]) -> Self {
        self.0
            .extend(paths.iter().filter_map(|p| p.canonicalize().ok()));
        self
    }

    /// Whether `path` (canonical) is one of the inputs.
    pub fn contains(&self, path: &Path) -> bool {
        self.0.iter().any(|input| input == path)
    }
}

/// Print, write or check `text` as the output options say.
pub fn emit(text: &str, out: &Output, inputs: &Inputs) -> Result<(), Failure> {
    let Some(path) = &out.path else {
        return stdout(text.as_bytes());
    };
    let target = destination(path, inputs)?;
    if out.check {
        return check(text, path, &target);
    }
    write(&target, text)
}

/// [`emit`] of an output that `produce` writes a piece at a time: it is
/// never held whole, except to compare it with `--check`. A file is still
/// written through a temporary file and a rename.
pub fn emit_streamed(
    produce: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    out: &Output,
    inputs: &Inputs,
) -> Result<(), Failure> {
    let Some(path) = &out.path else {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        return match produce(&mut stdout).and_then(|()| stdout.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Usage(format!(
                "cannot write to standard output: {e}"
            ))),
            _ => Ok(()),
        };
    };
    let target = destination(path, inputs)?;
    if out.check {
        let mut bytes = Vec::new();
        produce(&mut bytes).map_err(|e| Failure::Usage(format!("cannot render: {e}")))?;
        return check(&String::from_utf8_lossy(&bytes), path, &target);
    }
    match Staged::produced(&target, produce)? {
        Some(staged) => staged.commit(),
        None => Ok(()),
    }
}

/// Write `bytes` to standard output; a reader that went away (a closed
/// pipe) is not an error.
pub fn stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Usage(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// Print a message on standard error, whatever state standard error is in.
pub fn stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Where writing `path` lands: the path itself, or the file a symlink at
/// `path` leads to. Refused: a directory, an input of the stack.
pub fn destination(path: &Path, inputs: &Inputs) -> Result<PathBuf, Failure> {
    let shown = stackc_ir::text::shown(&path.display().to_string());
    if path.as_os_str().to_string_lossy().ends_with('/') || path.is_dir() {
        return Err(Failure::Usage(format!(
            "{shown} is a directory: give the path of a file to write"
        )));
    }
    let target = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if inputs.contains(&target) {
        return Err(Failure::Usage(format!(
            "{shown} is an input of the stack (the stack file, an env file, a Dockerfile or a mounted file): an output never replaces it; write somewhere else"
        )));
    }
    Ok(target)
}

fn check(text: &str, shown_path: &Path, path: &Path) -> Result<(), Failure> {
    let name = stackc_ir::text::shown(&shown_path.display().to_string());
    let current = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            stderr(&format!("stackc: {name} is missing\n"));
            String::new()
        }
        Err(e) => {
            return Err(Failure::Usage(format!("cannot read {name}: {e}")));
        }
    };
    if current == text {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(current.as_str(), text);
    let diff = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (on disk)"), &format!("{name} (generated)"))
        .to_string();
    // A diff shows file contents: keep a terminal from obeying them.
    let mut shown = String::with_capacity(diff.len());
    for c in diff.chars() {
        if matches!(c, '\n' | '\t') || !stackc_ir::text::is_unsafe(c) {
            shown.push(c);
        } else {
            shown.extend(c.escape_default());
        }
    }
    stdout(shown.as_bytes())?;
    stderr(&format!(
        "stackc: {name} is stale: regenerate it without --check\n"
    ));
    Err(Failure::Stale)
}

/// Write `text` to `path`: a regular file (or a missing one) through a
/// temporary file and a rename, so that a reader never sees a half-written
/// file; a device or a FIFO by writing to it.
pub fn write(path: &Path, text: &str) -> Result<(), Failure> {
    match Staged::new(path, text)? {
        Some(staged) => staged.commit(),
        None => Ok(()),
    }
}

/// An output written to its temporary file, not yet renamed into place.
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
}

impl Staged {
    /// Write `text` beside `path`; for a path that is not a regular file
    /// (a device, a FIFO), write to it at once and return `None`.
    pub fn new(path: &Path, text: &str) -> Result<Option<Self>, Failure> {
        Self::produced(path, &mut |w| w.write_all(text.as_bytes()))
    }

    /// [`Self::new`] of what `produce` writes.
    pub fn produced(
        path: &Path,
        produce: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<Option<Self>, Failure> {
        let io = |what: &str, e: std::io::Error| {
            Failure::Usage(format!(
                "cannot {what} {}: {e}",
                stackc_ir::text::shown(&path.display().to_string())
            ))
        };
        let existing = std::fs::metadata(path).ok();
        if let Some(meta) = &existing
            && !meta.is_file()
        {
            // `-o /dev/null`, `-o /dev/stdout`, a named pipe: write into it.
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| io("open", e))?;
            let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
            return match produce(&mut file).and_then(|()| file.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(io("write", e)),
                _ => Ok(None),
            };
        }
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
            let mut file = Start {
                inner: std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?),
                start: Vec::new(),
            };
            produce(&mut file)?;
            let shebang = file.start == b"#!";
            let file = file
                .inner
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            file.sync_all()?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // An existing file keeps its mode; a new script is
                // executable.
                let mode = match &existing {
                    Some(meta) => Some(meta.permissions().mode() & 0o7777),
                    None if shebang => Some(0o755),
                    None => None,
                };
                if let Some(mode) = mode {
                    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(io("write", e));
        }
        Ok(Some(Self {
            tmp,
            path: path.to_path_buf(),
        }))
    }

    /// Rename the temporary file into place.
    pub fn commit(self) -> Result<(), Failure> {
        std::fs::rename(&self.tmp, &self.path).map_err(|e| {
            let _ = std::fs::remove_file(&self.tmp);
            Failure::Usage(format!(
                "cannot write {}: {e}",
                stackc_ir::text::shown(&self.path.display().to_string())
            ))
        })
    }

    /// Remove the temporary file.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// A writer that keeps the first two bytes written through it (a script
/// starts with `#!`).
struct Start<W: Write> {
    inner: W,
    start: Vec<u8>,
}

impl<W: Write> Write for Start<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let missing = 2usize.saturating_sub(self.start.len()).min(n);
        self.start.extend_from_slice(&buf[..missing]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
