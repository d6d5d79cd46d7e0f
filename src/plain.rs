//! Plain Chinese for the errors a user can meet: file system errors, a settings
//! file (scheme, layout) that is not UTF-8 or not valid TOML. Each says what
//! happened and what to do; the library's own words never reach the user.

use std::io::ErrorKind;
use std::path::Path;

/// What an I/O error means for the user, and what to do.
pub fn io(e: &std::io::Error) -> String {
    let text = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在，请检查路径",
        ErrorKind::PermissionDenied => {
            "没有访问权限（文件可能正在 Excel 或 WPS 中打开，或为只读），请关闭文件或换一个位置后重试"
        }
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中的某一级不是文件夹",
        ErrorKind::InvalidFilename => "文件名过长或含有不允许的字符，请改短文件名",
        ErrorKind::StorageFull => "磁盘空间已满，请清理后重试",
        ErrorKind::ReadOnlyFilesystem => "该位置只读，无法写入，请换一个输出位置",
        ErrorKind::InvalidData => "内容不是 UTF-8 编码的文本",
        ErrorKind::UnexpectedEof => "文件不完整（可能复制或上传时中断）",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::Interrupted | ErrorKind::TimedOut => "读写被中断，请重试",
        _ => match e.raw_os_error() {
            // ENAMETOOLONG on Unix, ERROR_FILENAME_EXCED_RANGE on Windows.
            Some(36) | Some(206) => "文件名过长，请改短文件名或移到较浅的文件夹",
            // EBUSY / ETXTBSY on Unix, the sharing and lock violations on Windows.
            Some(16) | Some(26) | Some(32) | Some(33) => {
                "文件被其他程序占用（可能正在 Excel 或 WPS 中打开），请关闭后重试"
            }
            _ => "读写失败",
        },
    };
    text.to_string()
}

/// A settings file (scheme, layout) that cannot be read as text: the message names
/// the file and says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

/// A settings file's text: UTF-8 (a byte-order mark is dropped). A GBK file, or a
/// file that cannot be read, gives a message naming `what` and the path.
pub fn read_settings(path: &Path, what: &str) -> Result<String, SettingsError> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|e| SettingsError(format!("无法读取{what} {shown}：{}", io(&e))))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            let (_, _, gbk_errors) = encoding_rs::GBK.decode(bytes);
            let looks = if gbk_errors {
                ""
            } else {
                "（看起来是 GBK/ANSI 编码）"
            };
            Err(SettingsError(format!(
                "{what} {shown} 不是 UTF-8 编码{looks}，第 {line} 行起无法识别：请用记事本或 VS Code 打开，“另存为”时选择 UTF-8 编码"
            )))
        }
    }
}

/// A TOML error as “第 L 行第 C 列” with the line's text and a hint at the likely
/// slip (Chinese quotes or punctuation, a missing or unknown field, a wrong type).
pub fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let message = e.message();
    let Some(span) = e.span() else {
        return hint_only(message, "");
    };
    let (place, line) = at(text, span.start);
    format!("{place}\n  {}", hint_only(message, line))
}

/// Where byte `offset` of a settings file's `text` is, as “第 L 行第 C 列有误：” and
/// the line's text (at most 60 characters shown), and the whole line.
pub fn at(text: &str, offset: usize) -> (String, &str) {
    let start = offset.min(text.len());
    let before = &text[..floor_char(text, start)];
    let line_no = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = 1 + before[line_start..].chars().count();
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let shown: String = line.chars().take(60).collect();
    (format!("第 {line_no} 行第 {column} 列有误：{shown}"), line)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The hint for a TOML error `message` (the library's words, matched, not shown) on
/// `line`.
fn hint_only(message: &str, line: &str) -> String {
    let quoted = |after: &str| {
        message
            .split(after)
            .nth(1)
            .and_then(|rest| rest.split('`').nth(1))
            .unwrap_or("")
            .to_string()
    };
    if line.contains(['“', '”', '‘', '’']) {
        "文字要用英文双引号 \"…\" 括起来，不能用中文引号 “…”".into()
    } else if line.contains(['＝', '，', '［', '］', '：']) && !line.contains('"') {
        "等号、逗号、方括号要用英文半角符号（= , [ ]），请切换到英文输入法后重打".into()
    } else if message.contains("missing field") {
        format!("缺少必填项 {}", quoted("missing field"))
    } else if message.contains("unknown field") || message.contains("unknown variant") {
        format!(
            "不认识的名称 {}，请检查拼写（可参照 templates/ 中的示例文件）",
            quoted("unknown")
        )
    } else if message.contains("duplicate key") {
        "同一个名称写了两次，请删去一处".into()
    } else if message.contains("invalid type") {
        "取值的类型不对：数字不加引号，文字加英文双引号，列表用 [ ]".into()
    } else {
        "请检查这一行：文字用英文双引号括起来，等号、逗号、括号用英文半角符号，每项单独一行".into()
    }
}

/// A reading library's error `e` while reading `part` (a Chinese name of what was
/// being read): a plain reason that says what to do, and the library's words as
/// the detail (JSON `files[].detail`).
pub fn library_error(part: &str, e: &dyn std::fmt::Display) -> (String, String) {
    let detail = first_line(&e.to_string());
    let lower = detail.to_lowercase();
    let reason = if lower.contains("macrosheet") || lower.contains("dt: xl/macro") {
        "工作簿含有 Excel 4.0 宏表，无法读取：请在 Excel 或 WPS 中删除宏表后另存为 .xlsx 再报送"
    } else if lower.contains("codepage") {
        "文件使用了无法识别的字符编码：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再报送"
    } else if [
        "eocd",
        "end of file",
        "past end",
        "fill whole buffer",
        "unexpected eof",
        "larger than its declared",
        "invalid zip",
        "truncated",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        "文件不完整或已损坏（可能上传、复制或下载时中断）：请重新导出或重新上传后报送"
    } else {
        "文件已损坏或格式异常，无法打开：请用原软件（Excel、WPS 或 Word）打开确认，重新保存后再报送"
    };
    let detail = if part.is_empty() {
        detail
    } else {
        format!("{part}：{detail}")
    };
    (reason.to_string(), detail)
}

/// The first line of an error text, at most 120 characters.
pub fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        let e = toml::from_str::<toml::Table>(text).unwrap_err();
        toml_error(&e, text)
    }

    #[test]
    fn chinese_quotes_are_named_with_their_line() {
        let m = error_of("id = \"a\"\nname = “某方案”\n");
        assert!(m.starts_with("第 2 行第 8 列有误：name = “某方案”"), "{m}");
        assert!(m.contains("不能用中文引号"), "{m}");
        assert!(!m.is_ascii() && !m.contains("expected"), "{m}");
    }

    #[test]
    fn a_missing_newline_gets_the_general_hint() {
        let m = error_of("a = 1 b = 2\n");
        assert!(m.starts_with("第 1 行"), "{m}");
        assert!(m.contains("每项单独一行"), "{m}");
    }

    #[test]
    fn gbk_settings_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gbk.toml");
        let (bytes, _, _) = encoding_rs::GBK.encode("id = \"a\"\nname = \"广州\"\n");
        std::fs::write(&path, &bytes).unwrap();
        let m = read_settings(&path, "指标方案文件").unwrap_err().0;
        assert!(
            m.contains("不是 UTF-8 编码（看起来是 GBK/ANSI 编码），第 2 行起"),
            "{m}"
        );
        let m = read_settings(&dir.path().join("无.toml"), "指标方案文件")
            .unwrap_err()
            .0;
        assert!(m.ends_with("文件或文件夹不存在，请检查路径"), "{m}");
        assert!(!m.contains("os error"));
    }
}
