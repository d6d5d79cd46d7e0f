//! A batch never stops on a bad file: every input ends as imported, failed or
//! skipped with a one-line reason, and the exit code stays 0.

use crate::common;

use common::*;
use std::fs;

#[test]
fn bad_files_are_listed_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送");
    fs::create_dir_all(input.join("子文件夹")).unwrap();
    fs::copy(root().join("samples/003.xlsx"), input.join("003.xlsx")).unwrap();
    fs::copy(
        root().join("samples/004.xlsx"),
        input.join("子文件夹/004.xlsx"),
    )
    .unwrap();
    let good = fs::read(root().join("samples/001.xlsx")).unwrap();
    fs::write(input.join("截断.xlsx"), &good[..good.len() / 2]).unwrap();
    fs::write(input.join("空文件.xlsx"), b"").unwrap();
    fs::write(input.join("乱码.xls"), b"this is not a spreadsheet at all").unwrap();
    fs::write(input.join("~$003.xlsx"), b"lock").unwrap();
    fs::write(input.join("说明.txt"), "请查收").unwrap();

    let json = dir.path().join("o.json");
    build(
        dir.path(),
        &["报送", "-o", "o.xlsx", "--json", json.to_str().unwrap()],
    );
    let doc = read_json(&json);
    let files = doc["files"].as_array().unwrap();
    let status = |name: &str| {
        let f = files
            .iter()
            .find(|f| f["file"] == format!("报送/{name}"))
            .unwrap_or_else(|| panic!("{name} missing from files"));
        (
            f["status"].as_str().unwrap().to_string(),
            f["reason"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(files.len(), 7, "one entry per input file");
    // JSON.md: every file has `kind` and `detail`; what was not read as a form or
    // a report is `other`.
    let kind = |name: &str| {
        files
            .iter()
            .find(|f| f["file"] == format!("报送/{name}"))
            .unwrap()["kind"]
            .clone()
    };
    assert_eq!(kind("003.xlsx"), "form");
    assert_eq!(kind("截断.xlsx"), "other");
    assert!(files
        .iter()
        .all(|f| f.as_object().unwrap().contains_key("detail")));
    assert_eq!(status("003.xlsx").0, "imported");
    assert_eq!(status("子文件夹/004.xlsx").0, "imported");
    let (s, reason) = status("截断.xlsx");
    assert_eq!(s, "failed");
    assert!(reason.contains("损坏"), "{reason}");
    let (s, reason) = status("空文件.xlsx");
    assert_eq!(
        (s.as_str(), reason.as_str()),
        ("failed", "文件为空（0 字节）")
    );
    let (s, reason) = status("乱码.xls");
    assert_eq!(s, "failed");
    assert!(reason.contains("无法识别"), "{reason}");
    let (s, reason) = status("~$003.xlsx");
    assert_eq!(s, "skipped");
    assert!(reason.contains("锁定"), "{reason}");
    let (s, reason) = status("说明.txt");
    assert_eq!(s, "skipped");
    assert!(reason.contains("不是自评报告"), "{reason}");
    // The good forms still count, with their figures.
    assert_eq!(doc["departments"].as_array().unwrap().len(), 2);
    assert_eq!(
        department(&doc, "广州市海珠区")["funds"]["total"]["spent"],
        "40036.38"
    );
    // Each failure is also an UNREADABLE finding of severity 错误.
    let unreadable = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "UNREADABLE" && f["severity"] == "错误")
        .count();
    assert_eq!(unreadable, 3);
}

#[test]
fn a_spreadsheet_without_the_form_fails_with_no_form() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "会议签到表").unwrap();
    wb.save(dir.path().join("签到表.xlsx")).unwrap();
    let json = dir.path().join("o.json");
    build(
        dir.path(),
        &[
            "签到表.xlsx",
            "-o",
            "o.xlsx",
            "--json",
            json.to_str().unwrap(),
        ],
    );
    let doc = read_json(&json);
    assert_eq!(doc["files"][0]["status"], "failed");
    assert_eq!(doc["findings"][0]["rule"], "NO-FORM");
    assert!(doc["files"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("未找到自评表"));
}

#[test]
fn usage_and_io_errors_exit_2_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = jixiao(dir.path(), &["build", "不存在的文件夹"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到输入路径"));
    let out = jixiao(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("缺少必需的参数") && err.contains("jixiao --help"),
        "{err}"
    );
    let out = jixiao(dir.path(), &["build", ".", "--year", "二〇二三"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("的值“二〇二三”无效"));
}

/// Help pages are Chinese throughout, with examples, for jixiao and each subcommand.
#[test]
fn help_is_in_chinese_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["template", "--help"],
    ] {
        let out = jixiao(dir.path(), args);
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains("用法：") && help.contains("示例："),
            "{args:?}: {help}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "[default:",
            "Print help",
        ] {
            assert!(!help.contains(english), "{args:?} says {english}: {help}");
        }
    }
}

#[test]
fn a_scheme_whose_points_do_not_sum_to_100_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("templates/guangzhou-2023.toml")).unwrap();
    let broken = text.replacen("points = 10\n", "points = 15\n", 1);
    assert_ne!(text, broken);
    fs::write(dir.path().join("坏方案.toml"), broken).unwrap();
    let samples = root().join("samples");
    let out = jixiao(
        dir.path(),
        &[
            "build",
            samples.to_str().unwrap(),
            "--scheme",
            "坏方案.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("105") && err.contains("应为 100"), "{err}");
}

#[test]
fn a_scheme_file_changes_points_without_a_rebuild() {
    // A scheme file moves 2 points from 绩效目标管理 to 预算编制规范性; the same
    // binary scores with it.
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("templates/guangzhou-2023.toml")).unwrap();
    let changed = text
        .replacen(
            "level3 = \"预算编制规范性\"\npoints = 3",
            "level3 = \"预算编制规范性\"\npoints = 5",
            1,
        )
        .replacen(
            "level3 = \"绩效目标管理\"\npoints = 4",
            "level3 = \"绩效目标管理\"\npoints = 2",
            1,
        );
    assert_ne!(text, changed);
    fs::write(dir.path().join("方案.toml"), changed).unwrap();
    let json = dir.path().join("o.json");
    let samples = root().join("samples");
    build(
        dir.path(),
        &[
            samples.to_str().unwrap(),
            "--scheme",
            "方案.toml",
            "-o",
            "o.xlsx",
            "--json",
            json.to_str().unwrap(),
        ],
    );
    let doc = read_json(&json);
    let ind = &department(&doc, "广州市海珠区")["indicators"];
    let goal_mgmt = ind
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["level3"] == "绩效目标管理")
        .unwrap();
    // 004 declared 4 for 绩效目标管理; with 2 points the self score is clamped to 2.
    assert_eq!(goal_mgmt["points"], "2");
    assert_eq!(goal_mgmt["self_score"], "4.00");
    assert_eq!(goal_mgmt["score"], "2.00");
    // 004's total: 94 − 2 (clamped) = 92.
    assert_eq!(department(&doc, "广州市海珠区")["scores"]["total"], "92.00");
}

#[test]
fn the_example_60_40_scheme_rescores_the_samples() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("o.json");
    let scheme = root().join("templates/example-60-40.toml");
    let samples = root().join("samples");
    build(
        dir.path(),
        &[
            samples.to_str().unwrap(),
            "--scheme",
            scheme.to_str().unwrap(),
            "-o",
            "o.xlsx",
            "--json",
            json.to_str().unwrap(),
        ],
    );
    let doc = read_json(&json);
    assert_eq!(doc["scheme"], "example-60-40");
    let score = |prefix: &str| {
        let s = &department(&doc, prefix)["scores"];
        (
            s["total"].as_str().unwrap().to_string(),
            s["grade"].as_str().unwrap().to_string(),
        )
    };
    // Points: goals 25 + 25, 支出率 10; 管理效率 3,2,2,3,3,3,3,2, 采购 4+4, 资产 4+4, 三公 3.
    // Declared self-scores are clamped to the new points.
    // 000: 履职 25 + 25 + 10 × 0.98000 = 59.80; 管理 3 + 1.22 + 2 + 3 + 3 + 3 + 3 + 2
    //      + 4 × 1150/1188.94 (3.87) + 3 + 4 + 4 + 3 = 38.09; 97.89 < 98 → 良.
    assert_eq!(score("中共广州南沙"), ("97.89".into(), "良".into()));
    // 004: 履职 60 (target 95%); 管理 3 + 2 + 2 + 3 + 3 + 3 + 3 + 2 + 4 + 3.5 + 4
    //      + 4 × 0.70 (2.80) + 3 = 38.30 → 98.30, 优.
    assert_eq!(score("广州市海珠区"), ("98.30".into(), "优".into()));
    // 001: every clamped score is full but 评价结果应用 2 of 2: 60 + 40 = 100.
    assert_eq!(
        score("广州市南沙区人民政府办公室"),
        ("100.00".into(), "优".into())
    );
    // 002: 60 + 3 + 2 + 1.81 + 3 + 3 + 3 + 3 + 2 + 4 × 30.71/32 (3.84) + 3 + 4 + 4 + 3 = 98.65.
    assert_eq!(score("中国人民政治协商会议"), ("98.65".into(), "优".into()));
    // 003: 25 + 25 + 9.89 + 40 = 99.89 (its 3.4 for 绩效目标管理 is clamped to 3).
    assert_eq!(score("广州开发区穗港智造"), ("99.89".into(), "优".into()));
    // With the default scheme all five are 优 (tests/samples.rs); here one is 良.
    assert_eq!(doc["district"]["grades"]["良"], 1);
    // The forms declare the default scheme's 分值, which the new scheme flags.
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "POINTS-TOTAL"));
}

/// `jixiao 文件夹` (no subcommand; what dragging a folder onto jixiao.exe does)
/// builds `文件夹_汇总表.xlsx` beside the folder and says where it went; a path
/// with Chinese characters and spaces.
#[test]
fn a_bare_folder_builds_the_workbook_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("南沙区 2023 报送");
    std::fs::create_dir(&input).unwrap();
    for i in 0..5 {
        let name = format!("00{i}.xlsx");
        std::fs::copy(root().join("samples").join(&name), input.join(&name)).unwrap();
    }
    let out = jixiao(dir.path(), &["南沙区 2023 报送"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("汇总表：南沙区 2023 报送_汇总表.xlsx"),
        "{stderr}"
    );
    let book = dir.path().join("南沙区 2023 报送_汇总表.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    use calamine::Reader;
    let summary = wb.worksheet_range("汇总表").unwrap();
    // Five departments and the total row under three heading rows.
    assert_eq!(summary.height(), 3 + 5 + 1);
    // Not a folder: clap's usual error, exit 2.
    let out = jixiao(dir.path(), &["不存在的文件夹"]);
    assert_eq!(out.status.code(), Some(2));
}

/// What a user types: options after a bare folder, an output not named .xlsx, a
/// year that is not one; the end line names every output; check names what it skipped.
#[test]
fn the_command_line_a_user_types() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报送");
    std::fs::create_dir(&input).unwrap();
    for name in ["000.xlsx", "001.xlsx"] {
        std::fs::copy(root().join("samples").join(name), input.join(name)).unwrap();
    }
    std::fs::write(input.join("报送说明.doc"), b"\xD0\xCF\x11\xE0").unwrap();

    // Options after the folder are build's: --year is taken, -o is where it goes.
    let out = jixiao(dir.path(), &["报送", "--year", "2022", "-o", "x.xlsx"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("x.xlsx").exists());
    assert!(!dir.path().join("报送_汇总表.xlsx").exists());
    let out = jixiao(dir.path(), &["报送", "--year", "2022"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("报送_汇总表.xlsx").exists());

    // An output named .xls, .csv or without extension is written as .xlsx, said so.
    for (given, written) in [
        ("汇总.xls", "汇总.xlsx"),
        ("汇总表", "汇总表.xlsx"),
        ("表.csv", "表.xlsx"),
    ] {
        let out = jixiao(dir.path(), &["build", "-q", "报送", "-o", given]);
        assert_eq!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("已写为 {written}")), "{err}");
        assert!(dir.path().join(written).exists());
        assert!(!dir.path().join(given).exists() || given.ends_with(".xlsx"));
    }

    // A year that is not one: exit 2 with an example.
    for (year, says) in [
        ("abc", "年度应为四位数字，例如 --year 2023"),
        ("1999", "年度 1999 不在 2000–2100 之间"),
    ] {
        let out = jixiao(dir.path(), &["build", "报送", "--year", year]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(says));
    }

    // The end line names the JSON and CSV written besides the workbook.
    let out = jixiao(
        dir.path(),
        &[
            "build", "-q", "报送", "-o", "y.xlsx", "--json", "y.json", "--csv", "ycsv",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("汇总表：y.xlsx"), "{err}");
    assert!(
        err.contains("另写出 JSON：y.json；CSV 文件夹：ycsv"),
        "{err}"
    );

    // check names the skipped file and why.
    let out = jixiao(dir.path(), &["check", "-q", "报送"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("跳过的文件（1 个）\n  报送/报送说明.doc："),
        "{text}"
    );
}

/// A folder dropped on jixiao.exe arrives as an absolute path
/// (`C:\Users\张三\Desktop\报送`): its files are shown from the folder's own name,
/// in the JSON, the findings and the workbook's 文件清单, as if `jixiao 报送` had
/// been typed beside it. Two folders of one name keep their whole paths, so that
/// no two files are shown alike.
#[test]
fn a_dropped_folder_is_shown_from_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("桌面").join("报送");
    fs::create_dir_all(&inbox).unwrap();
    for name in ["000.xlsx", "002.xlsx"] {
        fs::copy(root().join("samples").join(name), inbox.join(name)).unwrap();
    }
    fs::write(inbox.join("说明.txt"), "请查收").unwrap();
    let out = jixiao(dir.path(), &[inbox.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let workbook = dir.path().join("桌面").join("报送_汇总表.xlsx");
    let listed: Vec<String> = sheet_rows(&workbook, "文件清单")
        .iter()
        .filter_map(|row| {
            row.iter()
                .find(|c| c.starts_with("报送") || c.contains("说明"))
        })
        .cloned()
        .collect();
    assert_eq!(listed, ["报送/000.xlsx", "报送/002.xlsx", "报送/说明.txt"]);

    let json = dir.path().join("o.json");
    let out = build(
        dir.path(),
        &[inbox.to_str().unwrap(), "-o", "o.xlsx", "--json", "o.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = read_json(&json);
    let files = listed_files(&doc);
    assert_eq!(files, ["报送/000.xlsx", "报送/002.xlsx", "报送/说明.txt"]);
    // Every finding names its file shown short.
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert!(f["file"].as_str().unwrap().starts_with("报送/"), "{f}");
    }

    // A second folder 报送 elsewhere: both keep their whole paths.
    let other = dir.path().join("另一处").join("报送");
    fs::create_dir_all(&other).unwrap();
    fs::copy(root().join("samples/001.xlsx"), other.join("001.xlsx")).unwrap();
    let out = build(
        dir.path(),
        &[
            inbox.to_str().unwrap(),
            other.to_str().unwrap(),
            "-o",
            "o.xlsx",
            "--json",
            "o.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc = read_json(&json);
    let whole = |p: &std::path::Path, name: &str| p.join(name).to_string_lossy().replace('\\', "/");
    let files = listed_files(&doc);
    assert!(
        files.contains(&whole(&inbox, "000.xlsx").as_str()),
        "{files:?}"
    );
    assert!(
        files.contains(&whole(&other, "001.xlsx").as_str()),
        "{files:?}"
    );
}
