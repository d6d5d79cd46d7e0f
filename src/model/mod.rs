//! Plain data flowing through the pipeline, and nothing else: the lowest layer,
//! importing no other module of the crate but [`crate::num`].
//!
//! The reader produces a [`Form`] (what the department declared, each value with the
//! cell it came from). The compute stage wraps it in a [`Department`] with a
//! [`Review`] (what the finance bureau recomputes). Declared values are never
//! overwritten: 自报 and 复核 stand side by side. Every stage raises [`Finding`]s of
//! a [`Rule`] at a [`Place`]; the batch keeps a [`Summary`] of each department.
//!
//! ```
//! use jixiao::model::{CellPos, Finding, Place, Rule, Severity};
//! let f = Finding::new(
//!     Rule::SumFunds,
//!     "示例区档案馆",
//!     "报送/档案馆.xlsx",
//!     Place::cell("自评表", CellPos::new(7, 4)),
//!     "资金来源分项之和与年度资金总额不符".into(),
//! );
//! assert_eq!(f.severity, Severity::Warning);
//! assert_eq!(f.place.to_string(), "自评表!E8");
//! ```

pub mod decision;
pub mod document;
pub mod file;
pub mod finding;
pub mod form;
pub mod place;
pub mod report;
pub mod review;
pub mod summary;
pub mod tolerances;

pub use decision::{Closed, Decision, Verdict};
pub use file::*;
pub use finding::*;
pub use form::*;
pub use place::*;
pub use report::*;
pub use review::*;
pub use summary::Summary;
pub use tolerances::Tolerances;
