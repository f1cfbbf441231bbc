"""Private from creation, and nothing another local user could change is trusted (issue 15.5, 15.6).

Real files, a real SQLite database and the real CLI; the tests set a permissive umask (022) first, as
a library caller or a careless shell would have, so that only Onward's own care makes files private.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent.config import ConfigError, load_settings, unsafe_file_reason  # noqa: E402
from agent.model import training  # noqa: E402
from agent.model.classifier import Classifier, EmailText, ModelLoadError, shipped_model_path  # noqa: E402
from agent.record.store import Store  # noqa: E402
from tests.helpers import run_cli  # noqa: E402

IS_ROOT = os.geteuid() == 0
NOBODY = 65534


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# --- private from creation -------------------------------------------------------------------------


def test_database_directory_file_and_side_files_are_private_from_creation(tmp_path, loose_umask):
    db = tmp_path / "new" / "dir" / "onward.db"
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.transaction() as conn:  # a write: SQLite creates -wal and -shm beside the file
            store.upsert_example(conn, message_id="<m@x>", label="other", subject="s", body="b",
                                 from_addr="a@b.example", source="cli", now=datetime.now(UTC))
        side = [db.with_name("onward.db-wal"), db.with_name("onward.db-shm")]
        assert all(p.exists() for p in side)  # while the store is open
        assert {p.name: oct(mode(p)) for p in (db, *side)} == {p.name: "0o600" for p in (db, *side)}
        assert oct(mode(db.parent)) == "0o700"
    finally:
        store.close()


def test_an_existing_database_and_onwards_data_dir_are_tightened(tmp_path, monkeypatch, loose_umask):
    """A database (and its data dir) left 0644/0755 by an older version becomes 0600/0700."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from agent.config import default_data_dir, default_database_url
    data = default_data_dir()
    assert data == tmp_path / "xdg" / "onward"
    data.mkdir(parents=True, mode=0o755)
    db = data / "onward.db"
    Store.open(default_database_url()).close()
    db.chmod(0o644)
    data.chmod(0o755)
    Store.open(default_database_url()).close()
    assert (oct(mode(data)), oct(mode(db))) == ("0o700", "0o600")


def test_a_chosen_directory_is_not_changed(tmp_path, loose_umask):
    """Onward creates its directories 0700 but does not chmod a directory the user already has."""
    mine = tmp_path / "shared"
    mine.mkdir(mode=0o755)
    Store.open(f"sqlite:///{mine / 'onward.db'}").close()
    assert oct(mode(mine)) == "0o755" and oct(mode(mine / "onward.db")) == "0o600"


@pytest.mark.parametrize("loose", [0o040, 0o020, 0o010, 0o004, 0o002, 0o001])
def test_a_database_open_to_others_by_any_one_bit_is_made_private(tmp_path, loose_umask, loose):
    """Each group or other permission bit alone (read, write, even execute) makes an existing database 0600."""
    db = tmp_path / "onward.db"
    Store.open(f"sqlite:///{db}").close()
    db.chmod(0o600 | loose)
    Store.open(f"sqlite:///{db}").close()
    assert oct(mode(db)) == "0o600"


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_another_users_database_opened_by_root_keeps_its_mode(tmp_path, loose_umask):
    """Onward tightens only its own user's files: root opening another user's database leaves it as it is."""
    db = tmp_path / "onward.db"
    Store.open(f"sqlite:///{db}").close()
    os.chown(db, NOBODY, NOBODY)
    db.chmod(0o644)
    Store.open(f"sqlite:///{db}").close()
    assert (db.stat().st_uid, oct(mode(db))) == (NOBODY, "0o644")


@pytest.mark.skipif(not IS_ROOT, reason="running as another user needs root")
def test_an_ordinary_users_own_loose_database_is_made_private(loose_umask):
    """The same tightening when Onward runs as an ordinary user (here ``nobody``, uid 65534, this process's
    effective uid for the open: as root the owner's uid is 0, which cannot tell an owner check written
    with ``is`` from one written with ``==``)."""
    home = Path(tempfile.mkdtemp(prefix="onward-nobody-"))
    try:
        db = home / "onward.db"
        Store.open(f"sqlite:///{db}").close()
        for p in (home, db):
            os.chown(p, NOBODY, NOBODY)
        db.chmod(0o644)
        os.seteuid(NOBODY)
        try:
            Store.open(f"sqlite:///{db}").close()
        finally:
            os.seteuid(0)
        assert (db.stat().st_uid, oct(mode(db))) == (NOBODY, "0o600")
    finally:
        shutil.rmtree(home)


def test_saved_models_are_private(tmp_path, loose_umask):
    """A personal model's vocabulary comes from the user's own mail: 0600 files in a 0700 directory."""
    ex = training.load_examples([ROOT / "data" / "corpus"])[::12]
    out = tmp_path / "data" / "models" / "personal.skops"
    (out.parent / "personal.npz.tmp").parent.mkdir(parents=True, mode=0o700)
    (out.parent / "personal.npz.tmp").write_bytes(b"left over")  # a crashed earlier save, mode 0644
    training.save_model(training.train(ex, seed=0), out, {"recommended_threshold": 0.5})
    files = sorted(out.parent.iterdir())
    assert [p.name for p in files] == ["personal.json", "personal.npz", "personal.skops"]
    assert {p.name: oct(mode(p)) for p in files} == {p.name: "0o600" for p in files}
    assert Classifier.load(out).predict([EmailText("Your application", "Unfortunately ...")])[0].label


def test_the_cli_sets_umask_077(tmp_path):
    """`onward` itself: a database created by any command is private even under umask 022."""
    import subprocess
    db = tmp_path / "d" / "onward.db"
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{db}"\n')
    code = ("import os, sys; os.umask(0o022); sys.argv = ['onward', '--config', sys.argv[1], 'outcomes'];"
            "from agent.cli import entry; entry()")
    done = subprocess.run([sys.executable, "-c", code, str(cfg)], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    probe = subprocess.run([sys.executable, "-c", "import os; os.umask(0o022); from agent import cli; "
                            "cli.main = lambda: print(oct(os.umask(0))) or 0; cli.entry()"],
                           capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert probe.stdout.strip() == "0o77", probe.stderr


# --- files another user could change are refused ---------------------------------------------------


def test_unsafe_file_reasons(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    f.chmod(0o644)
    assert unsafe_file_reason(f) is None
    f.chmod(0o600)
    assert unsafe_file_reason(f) is None
    f.chmod(0o646)
    assert "writable by others" in unsafe_file_reason(f) and f"chmod go-w {f}" in unsafe_file_reason(f)
    assert unsafe_file_reason(tmp_path / "missing") is None


@pytest.mark.skipif(not IS_ROOT, reason="changing a file's owner or group needs root")
def test_foreign_owner_and_shared_group_are_refused(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    f.chmod(0o664)
    os.chown(f, 0, 0)
    assert unsafe_file_reason(f) is None  # root's own group, whose only member is root
    os.chown(f, 0, 100)  # group "users": not root's private group
    assert "writable by its group" in unsafe_file_reason(f)
    f.chmod(0o644)
    assert unsafe_file_reason(f) is None  # readable by the group is fine
    os.chown(f, NOBODY, NOBODY)
    assert "owned by another user" in unsafe_file_reason(f)


def _config(tmp_path: Path, marker: Path, extra: str = "") -> Path:
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nport = 9\ntls = "none"\nusername = "alex@example.org"\n'
                   f'password_command = "touch {marker}; echo pw"\n[followup]\nyour_name = "Alex"\n{extra}'
                   f'[storage]\ndatabase = "sqlite:///{tmp_path / "o.db"}"\n')
    cfg.chmod(0o600)
    return cfg


def test_world_writable_config_is_refused_and_its_password_command_never_runs(tmp_path):
    marker = tmp_path / "password-command-ran"
    cfg = _config(tmp_path, marker)
    done = run_cli(cfg, "check", timeout=60)
    assert done.returncode == 3 and marker.exists(), done.stderr  # control: a private config is used
    marker.unlink()
    cfg.chmod(0o666)
    for command in (["check"], ["run", "--once"], ["outcomes"]):
        done = run_cli(cfg, *command, timeout=60)
        assert done.returncode == 2, done.stderr
        assert str(cfg) in done.stderr and f"chmod go-w {cfg}" in done.stderr
        assert not marker.exists()
    with pytest.raises(ConfigError, match="writable by others"):
        load_settings(cfg)


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_config_owned_by_another_user_is_refused(tmp_path):
    marker = tmp_path / "password-command-ran"
    cfg = _config(tmp_path, marker)
    os.chown(cfg, NOBODY, NOBODY)
    done = run_cli(cfg, "check", timeout=60)
    assert done.returncode == 2 and "owned by another user" in done.stderr, done.stderr
    assert not marker.exists()


def test_writable_template_is_refused(tmp_path):
    template = tmp_path / "note.txt.j2"
    template.write_text("Hello {{ contact_name }}\n")
    template.chmod(0o666)
    cfg = _config(tmp_path, tmp_path / "m", f'template = "{template}"\n')
    done = run_cli(cfg, "outcomes", timeout=60)
    assert done.returncode == 2, done.stderr
    assert "followup.template" in done.stderr and f"chmod go-w {template}" in done.stderr
    template.chmod(0o644)
    assert run_cli(cfg, "outcomes", timeout=60).returncode == 0


@pytest.mark.parametrize("suffix", [".skops", ".npz", ".json"])
def test_writable_model_file_is_refused(tmp_path, suffix):
    shipped = shipped_model_path()
    for s in (".skops", ".npz", ".json"):
        shutil.copyfile(shipped.with_suffix(s), tmp_path / f"m{s}")
        (tmp_path / f"m{s}").chmod(0o644)
    model = tmp_path / "m.skops"
    Classifier.load(model)  # control: the copy loads
    model.with_suffix(suffix).chmod(0o666)
    with pytest.raises(ModelLoadError, match="writable by others"):
        Classifier.load(model)
    eml = tmp_path / "a.eml"
    eml.write_bytes(b"From: a@b.example\r\nSubject: Your application\r\n\r\nUnfortunately ...\r\n")
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[classifier]\nmodel = "{model}"\n')
    done = run_cli(cfg, "classify", str(eml), timeout=60)
    assert done.returncode == 8, done.stderr
    assert str(model.with_suffix(suffix)) in done.stderr and "chmod go-w" in done.stderr
