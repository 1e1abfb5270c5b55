//! Format detection by content. The extension is only a hint for formats whose content says
//! too little (NTU `.skeleton`, pose-format `.pose`).

use std::path::Path;

use crate::model::FormatId;

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// A format posedeck has a reader for (or will have).
    Format(FormatId),
    /// An HDF5 container (DeepLabCut `.h5`, SLEAP `.slp` / analysis `.h5`).
    Hdf5,
    /// Nothing recognisable.
    Unknown,
}

/// The HDF5 signature.
const HDF5_MAGIC: &[u8] = b"\x89HDF\r\n\x1a\n";

/// Detects the format from `head` (the first few KB of the file) and the path's extension.
#[must_use]
pub fn sniff(path: &Path, head: &[u8]) -> Sniffed {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if head.starts_with(b"\x93NUMPY") {
        return Sniffed::Format(FormatId::Npy);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Sniffed::Format(FormatId::Npz);
    }
    if head.starts_with(HDF5_MAGIC) {
        return Sniffed::Hdf5;
    }
    // C3D: word 1 = parameter block number (byte 0) and the key 0x50 (byte 1).
    if head.len() >= 512 && head[1] == 0x50 && head[0] >= 2 {
        return Sniffed::Format(FormatId::C3d);
    }
    let text = trim_text_start(head);
    if starts_with_ignore_case(text, b"HIERARCHY") {
        return Sniffed::Format(FormatId::Bvh);
    }
    if starts_with_ignore_case(text, b"PathFileType") {
        return Sniffed::Format(FormatId::Trc);
    }
    if starts_with_ignore_case(text, b"scorer") {
        return Sniffed::Format(FormatId::Dlc);
    }
    if let Some(format) = sniff_json(text) {
        return Sniffed::Format(format);
    }
    if first_line(text).is_some_and(super::mediapipe::looks_like_csv_header) {
        return Sniffed::Format(FormatId::MediaPipe);
    }
    match ext.as_str() {
        "skeleton" => Sniffed::Format(FormatId::Ntu),
        "pose" => Sniffed::Format(FormatId::Pose),
        _ => Sniffed::Unknown,
    }
}

/// Skips a UTF-8 byte-order mark and leading whitespace.
fn trim_text_start(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[start..]
}

/// The first line of `text`, when it is UTF-8.
fn first_line(text: &[u8]) -> Option<&str> {
    let end = text.iter().position(|&b| b == b'\n').unwrap_or(text.len());
    std::str::from_utf8(text.get(..end)?)
        .ok()
        .map(|l| l.trim_end_matches('\r'))
}

fn starts_with_ignore_case(text: &[u8], word: &[u8]) -> bool {
    text.len() >= word.len() && text[..word.len()].eq_ignore_ascii_case(word)
}

fn contains(text: &[u8], needle: &[u8]) -> bool {
    text.windows(needle.len()).any(|w| w == needle)
}

/// Tells JSON pose formats apart by the keys near the start of the file.
fn sniff_json(text: &[u8]) -> Option<FormatId> {
    let first = *text.first()?;
    if first != b'{' && first != b'[' {
        return None;
    }
    if contains(text, b"\"pose_keypoints") || contains(text, b"\"people\"") {
        return Some(FormatId::OpenPose);
    }
    // Panoptic: `bodies` with `joints19` (or, in a frame with nobody, the frame's own keys).
    if contains(text, b"\"bodies\"")
        && (contains(text, b"\"joints") || contains(text, b"\"univTime\""))
    {
        return Some(FormatId::Panoptic);
    }
    if contains(text, b"\"annotations\"")
        || contains(text, b"\"categories\"")
        || (contains(text, b"\"image_id\"") && contains(text, b"\"keypoints\""))
        || contains(text, b"\"images\"")
    {
        return Some(FormatId::Coco);
    }
    if contains(text, b"\"landmarks\"")
        || contains(text, b"\"pose_landmarks\"")
        || contains(text, b"_world_landmarks\"")
    {
        return Some(FormatId::MediaPipe);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_by_content_not_extension() {
        let p = Path::new("clip.txt");
        assert_eq!(
            sniff(p, b"HIERARCHY\r\nROOT Hips"),
            Sniffed::Format(FormatId::Bvh)
        );
        assert_eq!(
            sniff(p, b"\xEF\xBB\xBF  \n\thierarchy"),
            Sniffed::Format(FormatId::Bvh)
        );
        assert_eq!(
            sniff(p, b"\x93NUMPY\x01\x00"),
            Sniffed::Format(FormatId::Npy)
        );
        assert_eq!(
            sniff(p, br#"{"version":1.3,"people":[]}"#),
            Sniffed::Format(FormatId::OpenPose)
        );
        assert_eq!(
            sniff(p, br#"[{"image_id": 1, "keypoints": [1,2,2]}]"#),
            Sniffed::Format(FormatId::Coco)
        );
        assert_eq!(sniff(p, HDF5_MAGIC), Sniffed::Hdf5);
        assert_eq!(
            sniff(
                p,
                br#"{"univTime": 1.5, "fpsType": "hd_29_97", "bodies": []}"#
            ),
            Sniffed::Format(FormatId::Panoptic)
        );
        assert_eq!(
            sniff(p, br#"[{"pose_world_landmarks": [[{"x": 0}]]}]"#),
            Sniffed::Format(FormatId::MediaPipe)
        );
        assert_eq!(
            sniff(p, b"frame,landmark,x,y,z,visibility\r\n0,0,0.5,0.5,0,1\r\n"),
            Sniffed::Format(FormatId::MediaPipe)
        );
        assert_eq!(sniff(p, b"frame,x,y\n0,1,2\n"), Sniffed::Unknown);
        assert_eq!(sniff(p, b"hello"), Sniffed::Unknown);
        assert_eq!(
            sniff(Path::new("a.skeleton"), b"12\n1\n"),
            Sniffed::Format(FormatId::Ntu)
        );
    }
}
