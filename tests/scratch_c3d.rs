#![expect(clippy::print_stdout, clippy::unwrap_used, reason = "scratch")]
use posedeck::formats::c3d;
#[test]
fn dump() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/c3d");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        match c3d::read(&bytes, &p) {
            Err(e) => println!("ERR {e}"),
            Ok(clip) => {
                println!("== {} frames {} rate {:?} joints {} space {:?}", p.display(), clip.frame_count(), clip.frame_rate_hz, clip.poses.joints(), clip.space);
                println!("  names {:?}", &clip.skeleton.names()[..clip.skeleton.names().len().min(5)]);
                for w in &clip.meta.warnings { println!("  W {w}"); }
                for (k, v) in &clip.meta.details { println!("  D {k}: {v}"); }
                let f0 = clip.poses.frame(0).unwrap();
                let person = f0.person(0).unwrap();
                let valid: Vec<usize> = (0..clip.poses.joints()).filter(|&j| person.joint(j).is_some()).collect();
                if let Some(&j) = valid.first() { println!("  first valid {j} {} {:?}; valid {}", clip.skeleton.name(j), person.joint(j), valid.len()); }
                if let Some(a) = &clip.analog { println!("  analog {} {:?} {:?} {:?}", a.rate_hz, &a.labels[..2], &a.units[..2], a.samples.column(0).iter().take(4).collect::<Vec<_>>()); }
            }
        }
    }
}
