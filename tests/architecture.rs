//! The layering `docs/architecture.md` describes, held by reading the sources: each layer imports
//! only the layers below it, no two files import each other (directly or round a loop), and no
//! file passes 500 lines. Test code is left out: a test may build its fixtures with any layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and its layer: a module may import only modules of a lower layer.
const LAYERS: [(&str, u8); 16] = [
    ("error", 0),
    ("ordered", 0),
    ("suggest", 0),
    ("model", 1),
    ("io", 2),
    ("synthetic", 2),
    ("thesis", 3),
    ("article", 4),
    ("scoring", 4),
    ("sql", 4),
    ("stats", 5),
    ("report", 6),
    ("pipeline", 7),
    ("lib", 8),
    ("cli", 9),
    ("main", 10),
];

const MAX_LINES: usize = 500;

struct SourceFile {
    /// The path under `src/`, such as `io/table/mod.rs`.
    path: PathBuf,
    /// The text before the file's `#[cfg(test)] mod tests`.
    code: String,
    /// The whole text.
    text: String,
    lines: usize,
}

fn source_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let files: Vec<SourceFile> = paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = match text.find("\n#[cfg(test)]\nmod tests") {
                Some(end) => text[..end].to_string(),
                None => text.clone(),
            };
            SourceFile {
                path: path.strip_prefix(&root).unwrap().to_path_buf(),
                code,
                lines: text.lines().count(),
                text,
            }
        })
        .collect();
    let test_only = test_only_files(&files);
    files
        .into_iter()
        .filter(|file| !test_only.contains(&file.path))
        .collect()
}

/// Files declared by their parent as `#[cfg(test)] mod name;`.
fn test_only_files(files: &[SourceFile]) -> BTreeSet<PathBuf> {
    let mut test_only = BTreeSet::new();
    for file in files {
        let mut lines = file.text.lines().peekable();
        while let Some(line) = lines.next() {
            if line.trim() != "#[cfg(test)]" {
                continue;
            }
            let Some(declaration) = lines.peek() else {
                continue;
            };
            if let Some(name) = declaration
                .trim()
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'))
            {
                let folder = module_folder(&file.path);
                test_only.insert(folder.join(format!("{name}.rs")));
                test_only.insert(folder.join(name).join("mod.rs"));
            }
        }
    }
    test_only
}

/// The folder a file's child modules live in: its own folder for `mod.rs`, `lib.rs` and `main.rs`,
/// otherwise a folder named after it.
fn module_folder(path: &Path) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new(""));
    match path.file_stem().unwrap().to_str().unwrap() {
        "mod" | "lib" | "main" => parent.to_path_buf(),
        stem => parent.join(stem),
    }
}

/// The top-level module a file belongs to (`main.rs` and `cli/` are the binary's).
fn top_module(path: &Path) -> String {
    let first = path
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_str()
        .unwrap();
    first.trim_end_matches(".rs").to_string()
}

/// The paths the file names: `crate::a::b`, the items of `use crate::{a::b, c}`, `super::x`, and
/// `thesis::a` from the binary. Each comes back as module segments from the crate root.
fn named_paths(file: &SourceFile) -> Vec<Vec<String>> {
    let folder = module_folder(&file.path);
    let mut module: Vec<String> = folder
        .components()
        .map(|part| part.as_os_str().to_str().unwrap().to_string())
        .collect();
    let top = top_module(&file.path);
    let in_binary = top == "cli" || top == "main";
    if in_binary {
        module.clear();
    }
    // `super` from a file's code is the module that declared the file, one level per `super`.
    let parent_module = |levels: usize| module[..module.len().saturating_sub(levels)].to_vec();
    let mut paths = Vec::new();
    let code = strip_comments(&file.code);
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == ','))
        .filter(|word| !word.is_empty())
        .collect();
    for word in words {
        for path in expand_braces(word) {
            let segments: Vec<String> = path
                .split("::")
                .filter(|segment| !segment.is_empty())
                .map(str::to_string)
                .collect();
            let Some(first) = segments.first() else {
                continue;
            };
            let resolved = match first.as_str() {
                "crate" if !in_binary => segments[1..].to_vec(),
                "thesis" if in_binary && segments.len() > 1 => segments[1..].to_vec(),
                "super" if !in_binary => {
                    let levels = segments.iter().take_while(|s| *s == "super").count();
                    let mut base = parent_module(levels);
                    base.extend(segments[levels..].iter().cloned());
                    base
                }
                _ => continue,
            };
            if !resolved.is_empty() {
                paths.push(resolved);
            }
        }
    }
    paths
}

fn strip_comments(code: &str) -> String {
    code.lines()
        .map(|line| match line.find("//") {
            Some(start) => &line[..start],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::d}` as `a::b` and `a::c::d`; one level of braces, which `rustfmt` keeps to.
fn expand_braces(word: &str) -> Vec<String> {
    match (word.find('{'), word.rfind('}').or(Some(word.len()))) {
        (Some(open), Some(close)) => {
            let prefix = &word[..open];
            word[open + 1..close.max(open + 1)]
                .split(',')
                .map(|item| format!("{prefix}{}", item.trim_matches(|c| c == '{' || c == '}')))
                .collect()
        }
        _ => vec![word.trim_matches(',').to_string()],
    }
}

/// The source file a path of module segments lands in: the longest prefix that is a file.
fn file_of(segments: &[String], files: &BTreeSet<PathBuf>) -> Option<PathBuf> {
    (1..=segments.len()).rev().find_map(|length| {
        let base: PathBuf = segments[..length].iter().collect();
        [base.with_extension("rs"), base.join("mod.rs")]
            .into_iter()
            .find(|candidate| files.contains(candidate))
    })
}

fn layer_of(module: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .unwrap_or_else(|| panic!("src/{module} has no layer in tests/architecture.rs"))
        .1
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let mut wrong = Vec::new();
    for file in source_files() {
        let top = top_module(&file.path);
        for path in named_paths(&file) {
            let target = path[0].clone();
            if target == top || !LAYERS.iter().any(|(name, _)| *name == target) {
                continue;
            }
            if layer_of(&target) >= layer_of(&top) {
                wrong.push(format!(
                    "{} imports {}",
                    file.path.display(),
                    path.join("::")
                ));
            }
        }
    }
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other() {
    let files = source_files();
    let known: BTreeSet<PathBuf> = files.iter().map(|file| file.path.clone()).collect();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for file in &files {
        if top_module(&file.path) == "cli" || top_module(&file.path) == "main" {
            continue;
        }
        for path in named_paths(file) {
            if let Some(target) = file_of(&path, &known)
                && target != file.path
                && !is_ancestor_module(&target, &file.path)
            {
                edges.entry(file.path.clone()).or_default().insert(target);
            }
        }
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 100,
        "{edges:?}"
    );
    let cycle = find_cycle(&edges);
    assert!(
        cycle.is_none(),
        "files that import each other: {}",
        cycle
            .unwrap_or_default()
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(" -> ")
    );
}

/// Whether `module` is a `mod.rs` (or `lib.rs`) above `file`: a child naming its parent's items is
/// how Rust nests modules, and the parent only declares the child.
fn is_ancestor_module(module: &Path, file: &Path) -> bool {
    let name = module.file_name().unwrap().to_str().unwrap();
    (name == "mod.rs" || name == "lib.rs") && file.starts_with(module.parent().unwrap())
}

fn find_cycle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        marks: &mut BTreeMap<PathBuf, Mark>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|open| open == node).unwrap();
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut marks, &mut Vec::new()))
}

#[test]
fn no_file_passes_five_hundred_lines() {
    let long: Vec<String> = source_files()
        .iter()
        .filter(|file| file.lines > MAX_LINES)
        .map(|file| format!("src/{} has {} lines", file.path.display(), file.lines))
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
