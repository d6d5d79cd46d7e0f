//! Walking the command line's files and folders: every real folder and file is
//! listed once, whatever the symbolic links, and nothing is opened that could
//! block or never end.
//!
//! - Folders are walked as they are first; symbolic links are followed after every
//!   real folder has been walked, so that a file is shown under its own folder
//!   rather than under a link to it.
//! - A link to its own folder or to a folder above it (`.`, `..`: a loop), to a
//!   folder or file already listed, or that cannot be followed (a link to itself,
//!   a missing target) is listed as skipped with the reason.
//! - A file that is not a regular file (a named pipe, a device such as
//!   `/dev/zero`, a socket) is listed as skipped before anything opens it: opening
//!   a pipe waits for a writer, reading a device never ends.
//! - Folders deeper than [`MAX_DEPTH`] are not entered.
//! - A folder of an earlier round's forms that `build --forms` moved aside
//!   (`旧表_20261130_1507`, [`super::is_set_aside`]) is skipped whole.
//!
//! Files are shown by the path given, but for an absolute one (a folder dropped on
//! jixiao.exe: `C:\Users\…\Desktop\报送`), which is shown from its own name
//! (`报送/某局.xlsx`), unless another input would then show the same way.

use super::{archive, display, CollectError, Input};
use std::collections::{HashMap, VecDeque};
use std::fs::FileType;
use std::path::{Path, PathBuf};

/// Folders below an input entered at most: a submission is a few levels deep; a
/// loop the links do not show (a bind mount) ends here.
pub const MAX_DEPTH: usize = 64;

/// A symbolic link met during the walk, followed once the real folders are done.
struct Link {
    path: PathBuf,
    /// The real path of the folder the link is in.
    within: PathBuf,
    depth: usize,
}

/// The walk's state: what is listed, and the real path of every folder entered and
/// every file listed, with the path it was listed as.
#[derive(Default)]
struct Walker {
    /// Absolute inputs and the names they are shown by ([`short_names`]).
    roots: Vec<(PathBuf, String)>,
    out: Vec<Input>,
    folders: HashMap<PathBuf, String>,
    files: HashMap<PathBuf, String>,
    links: VecDeque<Link>,
}

/// Every file under the given files and folders (see the module's description),
/// in walk order. An input given twice, or inside another, is listed once.
pub fn walk(inputs: &[PathBuf]) -> Result<Vec<Input>, CollectError> {
    let mut w = Walker {
        roots: short_names(inputs),
        ..Walker::default()
    };
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|_| CollectError::Missing(display(input)))?;
        let real = input
            .canonicalize()
            .map_err(|_| CollectError::Missing(display(input)))?;
        if meta.is_dir() {
            if !w.folders.contains_key(&real) {
                w.folder(input, real, 0)?;
            }
        } else {
            w.file(input.clone(), real, meta.file_type());
        }
    }
    while let Some(link) = w.links.pop_front() {
        w.follow(link)?;
    }
    Ok(w.out)
}

impl Walker {
    /// Walk the folder `dir`, whose real path is `real`, `depth` folders below an
    /// input.
    fn folder(&mut self, dir: &Path, real: PathBuf, depth: usize) -> Result<(), CollectError> {
        let shown = self.shown(dir);
        let io = |cause| CollectError::Io {
            path: shown.clone(),
            cause,
        };
        self.folders.insert(real.clone(), shown.clone());
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            entries.push((entry.path(), entry.file_type().map_err(io)?));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, kind) in entries {
            let name = path.file_name().unwrap_or_default().to_owned();
            let hidden = name.to_string_lossy().starts_with('.');
            let path_real = real.join(&name);
            if kind.is_symlink() {
                if hidden && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                    continue;
                }
                self.links.push_back(Link {
                    path,
                    within: real.clone(),
                    depth,
                });
            } else if kind.is_dir() {
                if hidden || super::is_own_temporary(&path) {
                    // Hidden folders (.git) and jixiao's own staging folders.
                } else if super::is_set_aside(&name.to_string_lossy()) {
                    self.skip(path, super::SET_ASIDE_REASON.into());
                } else if depth + 1 > MAX_DEPTH {
                    self.skip(path, too_deep());
                } else {
                    self.folder(&path, path_real, depth + 1)?;
                }
            } else if !super::is_own_temporary(&path) {
                self.file(path, path_real, kind);
            }
        }
        Ok(())
    }

    /// A file whose real path is `real`: listed (a `.zip` as its files), or skipped
    /// when it is no regular file.
    fn file(&mut self, path: PathBuf, real: PathBuf, kind: FileType) {
        if !kind.is_file() {
            return self.skip(path, not_regular(&kind));
        }
        let shown = self.shown(&path);
        match self.files.get(&real) {
            // The same file given twice on the command line.
            Some(first) if *first == shown => return,
            // Met again through a linked folder.
            Some(first) => {
                let reason = format!("与已读取的文件 {first} 是同一个文件，只读一次");
                return self.skip(path, reason);
            }
            None => {}
        }
        self.files.insert(real, shown.clone());
        let input = Input {
            display: shown,
            ..Input::file(path)
        };
        if archive::is_zip_name(&input.display) {
            archive::expand(input, &mut self.out);
        } else {
            self.out.push(input);
        }
    }

    /// A symbolic link: its target listed or walked unless already listed, or the
    /// link skipped with the reason.
    fn follow(&mut self, link: Link) -> Result<(), CollectError> {
        let Link {
            path,
            within,
            depth,
        } = link;
        let target = std::fs::metadata(&path).and_then(|m| Ok((m, path.canonicalize()?)));
        let (meta, real) = match target {
            Ok(found) => found,
            Err(e) => {
                self.skip(path, unfollowable(&e));
                return Ok(());
            }
        };
        if meta.is_dir() {
            if within.starts_with(&real) {
                self.skip(path, LOOP_REASON.into());
            } else if let Some(first) = self.folders.get(&real) {
                let reason = format!("符号链接指向已读取的文件夹 {first}，同一文件夹只读一次");
                self.skip(path, reason);
            } else if depth + 1 > MAX_DEPTH {
                self.skip(path, too_deep());
            } else {
                self.folder(&path, real, depth + 1)?;
            }
        } else if let Some(first) = self.files.get(&real) {
            let reason = format!("符号链接指向已读取的文件 {first}，同一文件只读一次");
            self.skip(path, reason);
        } else {
            self.file(path, real, meta.file_type());
        }
        Ok(())
    }

    fn skip(&mut self, path: PathBuf, reason: String) {
        let shown = self.shown(&path);
        self.out.push(Input {
            display: shown,
            ..Input::skipped(path, reason)
        });
    }

    /// How `path`, found under an input, is shown: from the input's short name
    /// when it has one.
    fn shown(&self, path: &Path) -> String {
        for (root, name) in &self.roots {
            match path.strip_prefix(root) {
                Ok(rest) if rest.as_os_str().is_empty() => return name.clone(),
                Ok(rest) => return display(&Path::new(name).join(rest)),
                Err(_) => {}
            }
        }
        display(path)
    }
}

/// The absolute inputs shown from their own name (`/home/张三/桌面/报送` as `报送`),
/// each with that name: those whose name no other input is shown with (two
/// folders `报送` in different places keep their whole paths, as does a root).
fn short_names(inputs: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let first = |p: &PathBuf| -> Option<String> {
        if p.is_absolute() {
            p.file_name().map(|n| n.to_string_lossy().into_owned())
        } else {
            let shown = display(p);
            shown
                .split('/')
                .find(|c| !c.is_empty() && *c != ".")
                .map(str::to_string)
        }
    };
    let firsts: Vec<Option<String>> = inputs.iter().map(first).collect();
    inputs
        .iter()
        .zip(&firsts)
        .filter(|(p, _)| p.is_absolute())
        .filter_map(|(p, name)| {
            let name = name.as_ref()?;
            let unique = firsts.iter().filter(|f| f.as_ref() == Some(name)).count() == 1;
            unique.then(|| (p.clone(), name.clone()))
        })
        .collect()
}

/// The reason for a link to its own folder or to one above it.
pub const LOOP_REASON: &str = "符号链接指向所在的文件夹或其上级文件夹（循环链接），未读取";

fn too_deep() -> String {
    format!("文件夹层级超过 {MAX_DEPTH} 层，未再读取其中的文件")
}

/// Why a link cannot be followed: a loop of links, a missing target, another error.
fn unfollowable(e: &std::io::Error) -> String {
    // ELOOP on Linux, on macOS and the BSDs; ERROR_CANT_RESOLVE_FILENAME on Windows.
    let looped = match e.raw_os_error() {
        Some(40) => cfg!(target_os = "linux"),
        Some(62) => cfg!(any(target_os = "macos", target_os = "freebsd")),
        Some(1921) => cfg!(windows),
        _ => false,
    };
    if looped {
        "符号链接循环（链接指向自身或互相指向），未读取".into()
    } else if e.kind() == std::io::ErrorKind::NotFound {
        "符号链接指向的文件不存在，未读取".into()
    } else {
        format!("无法打开符号链接：{}", crate::plain::io(e))
    }
}

/// Why a file that is not a regular file is not read, by its type.
pub fn not_regular(kind: &FileType) -> String {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            "命名管道（FIFO）"
        } else if kind.is_char_device() || kind.is_block_device() {
            "设备文件"
        } else if kind.is_socket() {
            "套接字"
        } else {
            "特殊文件"
        }
    };
    #[cfg(not(unix))]
    let what = match kind.is_dir() {
        true => "文件夹",
        false => "特殊文件",
    };
    format!("{what}，不是普通文件，未读取")
}

#[cfg(all(test, unix))]
mod tests {
    use super::short_names;
    use std::path::PathBuf;

    fn names(inputs: &[&str]) -> Vec<(String, String)> {
        let inputs: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
        short_names(&inputs)
            .into_iter()
            .map(|(p, n)| (p.to_string_lossy().into_owned(), n))
            .collect()
    }

    #[test]
    fn absolute_inputs_are_shown_from_their_own_names_unless_two_would_show_alike() {
        let own = |p: &str, n: &str| (p.to_string(), n.to_string());
        assert_eq!(
            names(&["/home/张三/桌面/报送"]),
            [own("/home/张三/桌面/报送", "报送")]
        );
        assert_eq!(
            names(&["/a/某局.xlsx", "乙"]),
            [own("/a/某局.xlsx", "某局.xlsx")]
        );
        // Relative inputs are shown as typed: nothing to shorten.
        assert!(names(&["报送", "../乙/报送"]).is_empty());
        // Two of one name, or one named as a typed input starts: whole paths.
        assert!(names(&["/甲/报送", "/乙/报送"]).is_empty());
        assert!(names(&["/甲/报送", "./报送/补交"]).is_empty());
        assert_eq!(names(&["/甲/报送", "/乙/补交"]).len(), 2);
        // The root has no name of its own.
        assert!(names(&["/"]).is_empty());
    }
}
