//! The text layer of a PDF report.
//!
//! Not read yet: choosing a PDF crate needs trials on real CJK PDFs (CID fonts with
//! ToUnicode maps) and a bound on object nesting before parsing (a recursive parser
//! overflows its stack on a PDF bomb, which no `catch_unwind` catches). Until then a
//! PDF report is accounted for as failed, with this reason, never guessed at.

use crate::read::ReadError;

/// The text of a PDF, page after page.
pub fn text(_bytes: &[u8]) -> Result<String, ReadError> {
    Err(ReadError::Corrupt(
        "PDF 报告暂不能读取，请同时报送 Word（.docx）版本".into(),
    ))
}
