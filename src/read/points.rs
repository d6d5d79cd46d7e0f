//! Points written in an indicator's name, at any level: `部门决策（25分）`,
//! `相关性(5分)`, `绩效目标合理性 3分`. The name is read without them and the points
//! are the level's 分值 (`check::scores` compares each level with its children).

use crate::text as l;
use rust_decimal::Decimal;

/// `产出指标（60分）` → (`产出指标`, 60); `绩效目标合理性 3分` → (`绩效目标合理性`, 3).
///
/// The points stand at the end of the name, in brackets or after a space; a name
/// that is only points, or a number without `分`, is not read as points.
pub fn in_name(text: &str) -> Option<(String, Decimal)> {
    let n = l::normalize(text);
    if let Some(inner) = n.strip_suffix(')') {
        let open = inner.rfind('(')?;
        let value = points(&inner[open + 1..])?;
        let name = inner[..open].to_string();
        return (!name.is_empty()).then_some((name, value));
    }
    // The bare form needs the space before the number: `考核得分≥90分` is a name.
    let (head, tail) = text.trim().rsplit_once(char::is_whitespace)?;
    let value = points(&l::normalize(tail))?;
    let name = l::normalize(head);
    (!name.is_empty()).then_some((name, value))
}

/// `5分` → 5 (a non-negative decimal before `分`).
fn points(text: &str) -> Option<Decimal> {
    let number = text.strip_suffix('分')?;
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    number.parse().ok()
}

/// A name and the points in it, or the name as written.
pub fn split(text: &str) -> (String, Option<Decimal>) {
    match in_name(text) {
        Some((name, p)) => (name, Some(p)),
        None => (text.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn points_in_a_name_at_any_level() {
        assert_eq!(
            in_name("产出指标（60分）"),
            Some(("产出指标".into(), d("60")))
        );
        assert_eq!(
            in_name("部门决策（25分）"),
            Some(("部门决策".into(), d("25")))
        );
        assert_eq!(in_name("相关性(5分)"), Some(("相关性".into(), d("5"))));
        assert_eq!(
            in_name("绩效目标合理性 3分"),
            Some(("绩效目标合理性".into(), d("3")))
        );
        assert_eq!(
            in_name("资金使用 2.5分"),
            Some(("资金使用".into(), d("2.5")))
        );
        assert_eq!(in_name("产出指标"), None);
        assert_eq!(in_name("（60分）"), None);
        assert_eq!(in_name("考核得分≥90分"), None);
        assert_eq!(in_name("满意度（90%）"), None);
        assert_eq!(in_name("群众满意度 ≥90分"), None);
        assert_eq!(split("相关性"), ("相关性".into(), None));
    }
}
