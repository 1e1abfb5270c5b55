//! CSV cells: splitting a line (with pandas' quoting) and reading a number.

use std::borrow::Cow;

/// Splits one CSV line into cells, undoing pandas' quoting (`"a,b"`, `"say ""hi"""`).
pub(super) fn split_csv(line: &str) -> Vec<Cow<'_, str>> {
    if !line.contains('"') {
        return line.split(',').map(Cow::Borrowed).collect();
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if cell.is_empty() => quoted = true,
            ',' if !quoted => cells.push(Cow::Owned(std::mem::take(&mut cell))),
            _ => cell.push(c),
        }
    }
    cells.push(Cow::Owned(cell));
    cells
}

/// A cell as a number: NaN when empty, `NaN` or infinite; `None` when it is something else.
pub(super) fn parse_cell(cell: &str) -> Option<f32> {
    let text = cell.trim();
    if text.is_empty() {
        return Some(f32::NAN);
    }
    let value = text.parse::<f64>().ok()?;
    Some(if value.is_finite() {
        value as f32
    } else {
        f32::NAN
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_are_unquoted() {
        assert_eq!(
            split_csv(r#"a,"b,c","say ""hi""",d"#),
            ["a", "b,c", "say \"hi\"", "d"]
        );
        assert_eq!(split_csv("1,,2"), ["1", "", "2"]);
    }

    #[test]
    fn cells_are_numbers_or_missing() {
        assert_eq!(parse_cell(" 21.521 "), Some(21.521));
        assert!(parse_cell("").is_some_and(f32::is_nan));
        assert!(parse_cell("NaN").is_some_and(f32::is_nan));
        assert!(parse_cell("inf").is_some_and(f32::is_nan));
        assert_eq!(parse_cell("21,5"), None);
    }
}
