//! `stackc diff`: read the old version of the stack (a file, or each -f
//! file at a git revision with the tree it reads), compile both, compare
//! their `up` plans (`stackc_backends::diff`) and print the result.
//!
//! Exit status as diff(1)'s: 0 no change, 1 changes, 2 trouble (an invalid
//! version included).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use indexmap::IndexMap;
use stackc_backends::Layout;
use stackc_backends::diff::{self, Side, render};
use stackc_driver::{Compilation, Request};
use stackc_ir::Target;
use stackc_ir::text::shown;

use crate::args::{Command, DiffFormat as Format, StackArgs};
use crate::{Failure, Files};

/// One version: its files (name, text) and the directory its relative
/// paths are read from.
struct Version {
    files: Files,
    dir: PathBuf,
    name: String,
}

pub fn run(command: &Command, stack_args: &StackArgs) -> Result<(), Failure> {
    let Command::Diff {
        base, format, set, ..
    } = command
    else {
        return Ok(());
    };
    let (paths, files) = crate::read_stacks(&stack_args.file)?;
    let dir = crate::layout::canonical_dir(paths[0].parent())?;
    let new = Version {
        name: files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        files,
        dir,
    };
    let new_compiled = compile(&new, &stack_args.profiles)?;
    // Kept until the end: the old tree, removed when dropped.
    let (old, _tree) = read_base(base, &paths, &new)?;
    let old_compiled = compile(&old, &stack_args.profiles)?;
    let values = values(set, &[old_compiled.whole().0, new_compiled.whole().0])?;
    let layout = |version: &Version| Layout {
        source_name: version.name.clone(),
        project_dir: version.dir.display().to_string(),
        param_values: values.clone(),
        ..Layout::default()
    };
    let (old_layout, new_layout) = (layout(&old), layout(&new));
    let request = Request::new(Target::Bash);
    let usage = |e| match e {
        stackc_driver::Error::Usage(message) => Failure::Usage(message),
        stackc_driver::Error::Invalid(_) => Failure::Trouble,
    };
    let old_plan = old_compiled.lower(&request).map_err(usage)?.plan;
    let new_plan = new_compiled.lower(&request).map_err(usage)?.plan;
    let diff = diff::diff(
        &Side {
            stack: old_compiled.whole().0,
            plan: &old_plan,
            layout: &old_layout,
        },
        &Side {
            stack: new_compiled.whole().0,
            plan: &new_plan,
            layout: &new_layout,
        },
    );
    let header = render::Header {
        base: old.name,
        head: new.name,
        set: values.into_iter().collect(),
    };
    let text = match format {
        Format::Text => render::text(&diff, &header),
        Format::Json => render::json(&diff, &header),
        Format::Markdown => render::markdown(&diff, &header),
    };
    crate::output::stdout(text.as_bytes())?;
    if diff.changes() {
        Err(Failure::Stale)
    } else {
        Ok(())
    }
}

/// A version compiled, or its diagnostics printed (exit 2).
fn compile(version: &Version, profiles: &[String]) -> Result<Compilation, Failure> {
    let texts: Vec<&str> = version.files.iter().map(|(_, t)| t.as_str()).collect();
    Compilation::of_files(&texts, &version.dir, profiles).map_err(|diags| {
        crate::report::print_files(&version.files, diags);
        Failure::Trouble
    })
}

/// The `--set` values, for both versions: each names a parameter of one
/// of them, and never a secret (a command line is visible to every user).
fn values(
    set: &[String],
    stacks: &[&stackc_ir::Stack],
) -> Result<IndexMap<String, String>, Failure> {
    let mut out = IndexMap::new();
    for item in set {
        let Some((name, value)) = item.split_once('=') else {
            return Err(Failure::Usage(format!("--set {item}: write NAME=VALUE")));
        };
        let declared: Vec<_> = stacks.iter().filter_map(|s| s.params.get(name)).collect();
        if declared.is_empty() {
            return Err(Failure::Usage(format!(
                "--set {name}: neither version declares a parameter `{name}`"
            )));
        }
        if declared.iter().any(|p| p.secret) {
            return Err(Failure::Usage(format!(
                "--set {name}: `{name}` is a secret, and a secret is never given on the command line; `stackc diff` assumes secrets are unchanged"
            )));
        }
        out.insert(name.to_owned(), value.to_owned());
    }
    Ok(out)
}

/// The old version: `base` names a file (the old version of the first
/// stack file; the overlays and the files it reads are the current ones),
/// or else a git revision.
fn read_base(
    base: &str,
    paths: &[PathBuf],
    new: &Version,
) -> Result<(Version, Option<Tree>), Failure> {
    let file = Path::new(base);
    if file.is_file() {
        let mut files = new.files.clone();
        files[0] = (
            base.to_owned(),
            crate::read_stack(file, "give an old stack file or a git revision")?,
        );
        let name = files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        return Ok((
            Version {
                files,
                dir: new.dir.clone(),
                name,
            },
            None,
        ));
    }
    let (version, tree) = at_revision(base, paths, &new.dir)?;
    Ok((version, Some(tree)))
}

/// A temporary directory holding a revision's tree, removed when dropped.
struct Tree(PathBuf);

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `git -C dir ARGS…`: its stdout, or its stderr as the error.
fn git(dir: &Path, args: &[&OsStr]) -> Result<Vec<u8>, String> {
    let out = Process::new("git")
        .arg("--no-pager")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(|a| OsStr::new(*a)).collect()
}

/// Each stack file as it was at `rev` (`git show REV:PATH`, the path
/// relative to the repository), and the revision's tree in a temporary
/// directory for the files the stack reads.
fn at_revision(rev: &str, paths: &[PathBuf], dir: &Path) -> Result<(Version, Tree), Failure> {
    let shown_rev = shown(rev);
    let top = git(dir, &os(&["rev-parse", "--show-toplevel"])).map_err(|why| {
        Failure::Usage(format!(
            "--base {shown_rev}: no such file, and {} is not in a git repository ({why})",
            dir.display()
        ))
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches('\n'))
        .canonicalize()
        .map_err(|e| Failure::Usage(format!("cannot resolve the repository's directory: {e}")))?;
    // Never an option, never two lines: git reads the revision whole.
    if rev.is_empty() || rev.starts_with('-') || rev.contains(['\0', '\n', '\r']) {
        return Err(Failure::Usage(format!(
            "--base {shown_rev}: not a file, nor a revision name"
        )));
    }
    let commit = git(
        &top,
        &os(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ]),
    )
    .map_err(|_| {
        Failure::Usage(format!(
            "--base {shown_rev}: no such file, nor a revision of the repository at {}",
            shown(&top.display().to_string())
        ))
    })?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();
    let mut files = Vec::new();
    let mut first_dir = PathBuf::new();
    for (i, path) in paths.iter().enumerate() {
        let rel = relative(path, &top)?;
        if i == 0 {
            first_dir = Path::new(&rel)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
        }
        let name = format!("{rev}:{rel}");
        let object = format!("{commit}:{rel}");
        let kind = git(&top, &os(&["cat-file", "-t", &object])).unwrap_or_default();
        if kind != b"blob\n" {
            return Err(Failure::Usage(format!(
                "--base {shown_rev}: {} is not a file at that revision",
                shown(&rel)
            )));
        }
        let text = git(&top, &os(&["show", &object]))
            .map_err(|why| Failure::Usage(format!("cannot read {}: {why}", shown(&name))))?;
        let text = String::from_utf8(text).map_err(|_| {
            Failure::Usage(format!(
                "cannot read {}: it is not UTF-8 text",
                shown(&name)
            ))
        })?;
        files.push((name, text));
    }
    let tree = extract(&top, &commit)?;
    let version = Version {
        name: files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        dir: tree.0.join(first_dir),
        files,
    };
    Ok((version, tree))
}

/// A stack file's path relative to the repository's top directory, with
/// `/` between its parts.
fn relative(path: &Path, top: &Path) -> Result<String, Failure> {
    let full = path.canonicalize().map_err(|e| {
        Failure::Usage(format!(
            "cannot resolve {}: {e}",
            shown(&path.display().to_string())
        ))
    })?;
    let rel = full.strip_prefix(top).map_err(|_| {
        Failure::Usage(format!(
            "{} is outside the git repository at {}",
            shown(&path.display().to_string()),
            shown(&top.display().to_string())
        ))
    })?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/")).ok_or_else(|| {
        Failure::Usage(format!(
            "{}: git paths must be UTF-8",
            shown(&path.display().to_string())
        ))
    })
}

/// The tree of `commit` in a new temporary directory (`git archive` into
/// `tar -x`), for the files the old version reads: build contexts, config
/// files, env files.
fn extract(top: &Path, commit: &str) -> Result<Tree, Failure> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("stackc-diff-{}-{stamp}", std::process::id()));
    std::fs::create_dir(&dir)
        .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let tree = Tree(dir);
    let trouble = |why: String| Failure::Usage(format!("cannot read the revision's files: {why}"));
    let mut archive = Process::new("git")
        .arg("-C")
        .arg(top)
        .args(["archive", "--format=tar", commit])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| trouble(format!("cannot run git: {e}")))?;
    let Some(stdout) = archive.stdout.take() else {
        return Err(trouble("git archive gave no output".to_owned()));
    };
    let tar = Process::new("tar")
        .args([
            "-x",
            "--no-same-owner",
            "--no-same-permissions",
            "-f",
            "-",
            "-C",
        ])
        .arg(&tree.0)
        .stdin(stdout)
        .output()
        .map_err(|e| trouble(format!("cannot run tar: {e}")))?;
    let archived = archive
        .wait()
        .map_err(|e| trouble(format!("git archive: {e}")))?;
    if !archived.success() || !tar.status.success() {
        return Err(trouble(format!(
            "git archive | tar -x failed: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        )));
    }
    Ok(tree)
}
