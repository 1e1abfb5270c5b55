//! The `HIERARCHY` section: the joint tree with offsets, channels and End Sites.
//!
//! Parsed iteratively with an explicit stack of open joints, so very deep nesting cannot overflow
//! the call stack. Keywords are matched without regard to case. Joint names are the rest of their
//! line (names with spaces exist); a `{` at the end of that line is accepted as the opening brace.
//! `End Site`, `End site` and named End Sites (`End Site Head`) are all End Sites.
//!
//! Several `ROOT`s (files holding more than one hierarchy): every tree is read, in file order, and
//! the motion lines are taken to hold the channels of all of them, as the Biovision layout implies.
//! The clip then shows all skeletons together, and a warning says so.

use super::document::{BvhJoint, Channel};
use super::failure::Failure;
use super::tokens::{Token, Tokens};

/// Reads `HIERARCHY` up to (not including) `MOTION` or the end of the file.
///
/// # Errors
/// A missing `HIERARCHY` or `ROOT`, unbalanced braces, a bad number or channel name, or an
/// unexpected word, with the line it is on.
pub(super) fn parse_hierarchy(
    tokens: &mut Tokens<'_>,
    warnings: &mut Vec<String>,
) -> Result<Vec<BvhJoint>, Failure> {
    match tokens.next_token() {
        Some(t) if t.is("HIERARCHY") => {}
        Some(t) => {
            return Err(Failure::at(
                t.line,
                format!("expected `HIERARCHY` at the start, found {}", t.quoted()),
            ));
        }
        None => return Err(Failure::at(1, "the file is empty")),
    }
    let mut tree = Tree::default();
    while let Some(token) = tokens.peek() {
        if token.is("MOTION") {
            break;
        }
        tokens.next_token();
        if token.is("ROOT") {
            tree.roots += 1;
            tree.open_joint(tokens, None, token.line, warnings)?;
            tree.read_open_joints(tokens, warnings)?;
        } else if token.is("}") {
            return Err(Failure::at(
                token.line,
                "unbalanced braces: `}` with no joint open",
            ));
        } else if token.is("JOINT") || token.is("End") || token.is("OFFSET") {
            return Err(Failure::at(
                token.line,
                format!("{} outside the braces of any ROOT", token.quoted()),
            ));
        } else {
            return Err(Failure::at(
                token.line,
                format!("expected `ROOT` or `MOTION`, found {}", token.quoted()),
            ));
        }
    }
    if tree.joints.is_empty() {
        return Err(Failure::at(
            tokens.peek().map_or(tokens.last_line(), |t| t.line),
            "the HIERARCHY section has no ROOT",
        ));
    }
    tree.finish(warnings);
    Ok(tree.joints)
}

/// The tree being built.
#[derive(Default)]
struct Tree {
    joints: Vec<BvhJoint>,
    /// Open joints, innermost last.
    stack: Vec<usize>,
    roots: usize,
    /// Joints that had no OFFSET line.
    without_offset: Vec<usize>,
    /// Whether the joint on the stack has an OFFSET yet, parallel to `stack`.
    has_offset: Vec<bool>,
    /// Names that were empty and replaced.
    unnamed: usize,
}

impl Tree {
    /// Reads the name after `ROOT` / `JOINT`, creates the joint and consumes its `{`.
    fn open_joint(
        &mut self,
        tokens: &mut Tokens<'_>,
        parent: Option<usize>,
        keyword_line: usize,
        warnings: &mut Vec<String>,
    ) -> Result<(), Failure> {
        let (name, brace_on_line) = read_name(tokens);
        let index = self.joints.len();
        let name = if name.is_empty() {
            self.unnamed += 1;
            if self.unnamed == 1 {
                warnings.push(format!(
                    "line {keyword_line}: a joint has no name; it is called `joint_{index}`"
                ));
            }
            format!("joint_{index}")
        } else {
            name
        };
        if !brace_on_line {
            expect_open_brace(tokens, &name, keyword_line)?;
        }
        self.joints.push(BvhJoint {
            name,
            parent,
            offset: [0.0; 3],
            channels: Vec::new(),
            end_sites: Vec::new(),
        });
        self.stack.push(index);
        self.has_offset.push(false);
        Ok(())
    }

    /// Reads joint bodies until the root opened last is closed.
    fn read_open_joints(
        &mut self,
        tokens: &mut Tokens<'_>,
        warnings: &mut Vec<String>,
    ) -> Result<(), Failure> {
        while let Some(&current) = self.stack.last() {
            let Some(token) = tokens.next_token() else {
                return Err(self.unclosed(tokens.last_line(), "the file ends"));
            };
            if token.is("OFFSET") {
                let offset = read_offset(tokens, token.line)?;
                if let Some(joint) = self.joints.get_mut(current) {
                    joint.offset = offset;
                }
                if let Some(seen) = self.has_offset.last_mut() {
                    *seen = true;
                }
            } else if token.is("CHANNELS") {
                let channels = read_channels(tokens, token.line)?;
                let Some(joint) = self.joints.get_mut(current) else {
                    continue;
                };
                if !joint.channels.is_empty() {
                    return Err(Failure::at(
                        token.line,
                        format!("joint `{}` has a second CHANNELS line", joint.name),
                    ));
                }
                joint.channels = channels;
            } else if token.is("JOINT") {
                self.open_joint(tokens, Some(current), token.line, warnings)?;
            } else if token.is("End") {
                let offset = read_end_site(tokens, token.line)?;
                if let Some(joint) = self.joints.get_mut(current) {
                    joint.end_sites.push(offset);
                }
            } else if token.is("}") {
                self.stack.pop();
                if self.has_offset.pop() == Some(false) {
                    self.without_offset.push(current);
                }
            } else if token.is("MOTION") || token.is("ROOT") {
                return Err(self.unclosed(token.line, &format!("{} appears", token.quoted())));
            } else if token.is("{") {
                return Err(Failure::at(
                    token.line,
                    "unbalanced braces: `{` without JOINT or End Site before it",
                ));
            } else {
                return Err(Failure::at(
                    token.line,
                    format!(
                        "unexpected {} inside joint `{}` (expected OFFSET, CHANNELS, JOINT, \
                         End Site or `}}`)",
                        token.quoted(),
                        self.name(current)
                    ),
                ));
            }
        }
        Ok(())
    }

    fn name(&self, index: usize) -> &str {
        self.joints.get(index).map_or("", |j| j.name.as_str())
    }

    /// The error for joints left open when `what` happens on `line`.
    fn unclosed(&self, line: usize, what: &str) -> Failure {
        let innermost = self.stack.last().map_or("", |&i| self.name(i));
        Failure::at(
            line,
            format!(
                "unbalanced braces: {what} while joint `{innermost}` is still open ({} `}}` missing)",
                self.stack.len()
            ),
        )
    }

    /// Adds the warnings about the whole tree.
    fn finish(&self, warnings: &mut Vec<String>) {
        if self.roots > 1 {
            warnings.push(format!(
                "the file holds {} ROOT hierarchies; all are loaded as one skeleton and the \
                 motion lines are read as holding the channels of all of them",
                self.roots
            ));
        }
        if !self.without_offset.is_empty() {
            warnings.push(format!(
                "{} joint(s) have no OFFSET (first: `{}`); 0 0 0 is used",
                self.without_offset.len(),
                self.without_offset.first().map_or("", |&i| self.name(i))
            ));
        }
    }
}

/// The joint name (rest of the line) and whether the line also held the opening `{`.
fn read_name(tokens: &mut Tokens<'_>) -> (String, bool) {
    let rest = tokens.rest_of_line();
    if rest == b"{" {
        return (String::new(), true);
    }
    if let Some(before) = rest.strip_suffix(b"{")
        && before.last().is_some_and(u8::is_ascii_whitespace)
    {
        return (
            String::from_utf8_lossy(before.trim_ascii()).into_owned(),
            true,
        );
    }
    (String::from_utf8_lossy(rest).into_owned(), false)
}

fn expect_open_brace(tokens: &mut Tokens<'_>, what: &str, line: usize) -> Result<(), Failure> {
    match tokens.next_token() {
        Some(t) if t.is("{") => Ok(()),
        Some(t) => Err(Failure::at(
            t.line,
            format!("expected `{{` after `{what}`, found {}", t.quoted()),
        )),
        None => Err(Failure::at(
            line,
            format!("the file ends after `{what}`; expected `{{`"),
        )),
    }
}

/// The next token, or a failure saying the file ended while `what` was expected.
fn require<'a>(tokens: &mut Tokens<'a>, line: usize, what: &str) -> Result<Token<'a>, Failure> {
    tokens.next_token().ok_or_else(|| {
        Failure::at(
            tokens.last_line().max(line),
            format!("the file ends where {what} was expected"),
        )
    })
}

fn read_offset(tokens: &mut Tokens<'_>, line: usize) -> Result<[f64; 3], Failure> {
    let mut offset = [0.0; 3];
    for value in &mut offset {
        *value = require(tokens, line, "an OFFSET value")?.number()?;
    }
    Ok(offset)
}

fn read_channels(tokens: &mut Tokens<'_>, line: usize) -> Result<Vec<Channel>, Failure> {
    let count_token = require(tokens, line, "the channel count")?;
    let count = std::str::from_utf8(count_token.text)
        .ok()
        .and_then(|t| t.parse::<usize>().ok())
        .ok_or_else(|| {
            Failure::at(
                count_token.line,
                format!(
                    "expected the number of channels after CHANNELS, found {}",
                    count_token.quoted()
                ),
            )
        })?;
    // No allocation from the count: each name is checked as it is read.
    let mut channels = Vec::new();
    for _ in 0..count {
        let token = require(tokens, line, "a channel name")?;
        let channel = Channel::from_name(token.text).ok_or_else(|| {
            Failure::at(
                token.line,
                format!(
                    "expected a channel name (Xposition … Zrotation), found {}: CHANNELS says {count}",
                    token.quoted()
                ),
            )
        })?;
        channels.push(channel);
    }
    if let Some(next) = tokens.peek()
        && Channel::from_name(next.text).is_some()
    {
        return Err(Failure::at(
            next.line,
            format!(
                "channel name {} after the {count} channels CHANNELS announced",
                next.quoted()
            ),
        ));
    }
    Ok(channels)
}

/// Reads an End Site after its `End` keyword: the rest of the line (`Site`, `site`, a name),
/// then `{ OFFSET x y z }`.
fn read_end_site(tokens: &mut Tokens<'_>, line: usize) -> Result<[f64; 3], Failure> {
    let (rest, brace_on_line) = read_name(tokens);
    if rest.is_empty() && !brace_on_line && tokens.peek().is_some_and(|t| t.is("Site")) {
        tokens.next_token();
    }
    if !brace_on_line {
        expect_open_brace(tokens, "End Site", line)?;
    }
    let mut offset = None;
    loop {
        let token = require(tokens, line, "`}` closing the End Site")?;
        if token.is("OFFSET") {
            offset = Some(read_offset(tokens, token.line)?);
        } else if token.is("}") {
            return offset.ok_or_else(|| Failure::at(token.line, "End Site without an OFFSET"));
        } else {
            return Err(Failure::at(
                token.line,
                format!(
                    "unexpected {} inside an End Site (expected OFFSET or `}}`)",
                    token.quoted()
                ),
            ));
        }
    }
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    reason = "values parsed from decimal text must match the same literals bit for bit"
)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn parse(text: &str) -> Result<(Vec<BvhJoint>, Vec<String>), Failure> {
        let mut tokens = Tokens::new(text.as_bytes());
        let mut warnings = Vec::new();
        let joints = parse_hierarchy(&mut tokens, &mut warnings)?;
        Ok((joints, warnings))
    }

    #[test]
    fn tree_channels_and_end_site_spellings() {
        let (joints, warnings) = parse(
            "HIERARCHY\nROOT Hips\n{\n OFFSET 1 2 3\n CHANNELS 3 Zrotation Xposition yrotation\n\
             JOINT Left Arm {\n  OFFSET .5 -0.000000 9.27476E-16\n  CHANNELS 1 Xrotation\n\
             End site\n  { OFFSET 0 1 0 }\n  End Site Tip {\n OFFSET 0 2 0\n }\n }\n\
             JOINT mixamorig:Spine\n {\n OFFSET 0 0 1\n CHANNELS 0\n End\nSite\n{ OFFSET 1 1 1 }\n }\n}\nMOTION",
        )
        .expect("parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(joints.len(), 3);
        assert_eq!(joints[0].name, "Hips");
        assert_eq!(joints[0].offset, [1.0, 2.0, 3.0]);
        assert_eq!(
            joints[0].channels,
            [Channel::Zrotation, Channel::Xposition, Channel::Yrotation]
        );
        assert_eq!(joints[1].name, "Left Arm");
        assert_eq!(joints[1].parent, Some(0));
        assert_eq!(joints[1].offset, [0.5, 0.0, 9.274_76e-16]);
        assert_eq!(joints[1].end_sites, [[0.0, 1.0, 0.0], [0.0, 2.0, 0.0]]);
        assert_eq!(joints[2].name, "mixamorig:Spine");
        assert_eq!(joints[2].parent, Some(0));
        assert!(joints[2].channels.is_empty());
        assert_eq!(joints[2].end_sites, [[1.0; 3]]);
    }

    #[test]
    fn second_root_is_read_with_a_warning() {
        let (joints, warnings) = parse(
            "HIERARCHY ROOT A\n{ OFFSET 0 0 0 CHANNELS 1 Xrotation }\nROOT B\n{ OFFSET 1 0 0 }\n",
        )
        .expect("parses");
        assert_eq!(joints.len(), 2);
        assert_eq!(joints[1].parent, None);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("2 ROOT"), "{warnings:?}");
    }

    #[test]
    fn missing_offset_and_name_are_warnings() {
        let (joints, warnings) = parse("HIERARCHY\nROOT\n{\n}\n").expect("parses");
        assert_eq!(joints[0].name, "joint_0");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn errors_carry_the_line() {
        let cases = [
            ("ROOT A { }", 1, "HIERARCHY"),
            ("HIERARCHY\nROOT A\n{\n OFFSET 0 0\n}", 5, "number"),
            ("HIERARCHY\nROOT A\n{\nOFFSET 0 0 0\n", 4, "unbalanced"),
            ("HIERARCHY\nROOT A\n{\n}\n}\n", 5, "unbalanced"),
            (
                "HIERARCHY\nROOT A\n{\nJOINT B\n{\n}\nMOTION",
                7,
                "unbalanced",
            ),
            ("HIERARCHY\nROOT A\n{\n}\nJOINT B\n{\n}", 5, "outside"),
            (
                "HIERARCHY\nROOT A\n{\nCHANNELS 2 Xrotation\nJOINT B\n{\n}\n}",
                5,
                "channel name",
            ),
            (
                "HIERARCHY\nROOT A\n{\nCHANNELS 1 Xrotation Yrotation\n}",
                4,
                "announced",
            ),
            (
                "HIERARCHY\nROOT A\n{\nCHANNELS x\n}",
                4,
                "number of channels",
            ),
            ("HIERARCHY\nROOT A\n{\nOFFSET nan 0 0\n}", 4, "finite"),
            ("HIERARCHY\nROOT A\n{\nEnd Site\n{\n}\n}", 6, "OFFSET"),
            ("HIERARCHY\nROOT A\n{\nFoo\n}", 4, "unexpected"),
            ("HIERARCHY\nROOT A\nOFFSET", 3, "`{`"),
            ("HIERARCHY\nMOTION", 2, "no ROOT"),
            ("", 1, "empty"),
        ];
        for (text, line, words) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(err.line, line, "{text:?}: {}", err.message);
            assert!(err.message.contains(words), "{text:?}: {}", err.message);
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 20_000;
        let mut text = String::from("HIERARCHY\nROOT r\n{\n");
        for i in 0..depth {
            let _ = write!(text, "JOINT j{i}\n{{\nOFFSET 0 1 0\n");
        }
        text.push_str(&"}\n".repeat(depth + 1));
        let (joints, _) = parse(&text).expect("parses");
        assert_eq!(joints.len(), depth + 1);
        assert_eq!(joints[depth].parent, Some(depth - 1));
    }
}
