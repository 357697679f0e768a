"""Files beside a catalog: where its translation is, and whether a file read beside it may speak for it."""

from __future__ import annotations

import os
import stat


def translation_path(catalog_path: str, language: str) -> str:
    """`topics.yaml` -> `topics.es.yaml`: a catalog's translation is the file beside it."""
    stem, suffix = os.path.splitext(catalog_path)
    if suffix.lower() in (".yaml", ".yml"):
        return f"{stem}.{language}{suffix}"
    return f"{catalog_path}.{language}.yaml"


def untrusted(catalog_path: str, path: str) -> str:
    """Why a file read beside the catalog at `catalog_path` may not speak for it, or "" if it may.

    Whoever can write a translation (or any file a catalog pulls in) writes
    what patients read, with no draft notice. Such a file is trusted on the
    catalog's own terms, as OpenSSH trusts its files: it (and every symlink
    on the way to it) must belong to the catalog's owner or root, and no one may
    write to it whom the catalog does not let write: never everyone, and a
    group only if the catalog is writable by that same group or the group is
    the owner's own (a user private group with no other members). A folder
    where others may add files (a sticky shared folder) then gains them nothing.
    """
    if not hasattr(os, "getuid"):
        return ""
    from painguide.catalog.bundled import in_package

    if in_package(path) and not os.path.islink(path):
        # The installed package's own translation, named as it is (no symlink leads there), is trusted
        # as its catalog is (`extends: bundled`): whoever installed painguide wrote both. A link into
        # the package that someone else planted gets no such pass: it is checked below like any file.
        return ""
    try:
        catalog = os.stat(catalog_path)
        links = _links(path)
        info = os.stat(path)
    except (OSError, ValueError):
        # It was there a moment ago (callers ask only of a file that exists): one that vanishes while it is
        # checked may be swapped back by whoever made it vanish, so it is not trusted (fourteenth pass #1).
        return "it changed while it was checked"
    for owner in (*(link.st_uid for link in links), info.st_uid):
        if owner not in (catalog.st_uid, 0):
            return f"it belongs to user {owner}, and the catalog to user {catalog.st_uid}"
    if catalog.st_uid != 0 and not _reachable_by(path, info, catalog.st_uid):
        # A layer's author must not make painguide, run by root or a service, read a file the author could
        # not read (`extends: /etc/shadow`): its messages would quote it (eleventh pass #1).
        return f"user {catalog.st_uid}, who owns the catalog, cannot read it"
    if _has_acl(path):
        # An access-control list can let anyone write whatever the mode bits say.
        return "it has an access-control list (ACL), which may let others write to it"
    mode = info.st_mode
    group_ok = (catalog.st_mode & stat.S_IWGRP and catalog.st_gid == info.st_gid) or owners_own_group(info)
    if mode & stat.S_IWOTH or (mode & stat.S_IWGRP and not group_ok):
        return f"others can write to it (mode {stat.S_IMODE(mode):04o})"
    return ""


# As the kernel's own bound on a chain of symlinks (a longer one fails to open anyway).
MAX_LINKS = 40


def _links(path: str) -> list[os.stat_result]:
    """lstat of `path` and of every symlink in the chain it leads through: whoever owns one of them
    (a dangling link in a shared folder that someone else aims) chooses the file read."""
    found = [os.lstat(path)]
    while stat.S_ISLNK(found[-1].st_mode) and len(found) <= MAX_LINKS:
        path = os.path.join(os.path.dirname(path), os.readlink(path))
        found.append(os.lstat(path))
    return found


def _has_acl(path: str) -> bool:
    """Whether the file carries a POSIX access-control list beyond its mode bits."""
    try:
        return "system.posix_acl_access" in os.listxattr(path)
    except (AttributeError, OSError):
        return False


def _reachable_by(path: str, info: os.stat_result, uid: int) -> bool:
    """Whether the user `uid` could read the file at `path` (`info`) themselves: read it by its mode bits,
    and pass through every folder above where it really is (a 0644 file in a 0700 root folder is out of their
    reach; twelfth pass #1)."""
    groups = _groups(uid)
    if not _allowed(info, uid, groups, stat.S_IRUSR, stat.S_IRGRP, stat.S_IROTH):
        return False
    folder = os.path.dirname(os.path.realpath(path))
    while True:
        try:
            above = os.stat(folder)
        except OSError:
            return False
        if not _allowed(above, uid, groups, stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH) or _has_acl(folder):
            # An access-control list may shut the owner out whatever the mode bits say: out of reach
            # (thirteenth pass #1).
            return False
        parent = os.path.dirname(folder)
        if parent == folder:
            return True
        folder = parent


def _groups(uid: int) -> set[int]:
    try:
        import grp
        import pwd

        user = pwd.getpwuid(uid)
        return {user.pw_gid} | {group.gr_gid for group in grp.getgrall() if user.pw_name in group.gr_mem}
    except (ImportError, KeyError, OSError):
        return set()


def _allowed(info: os.stat_result, uid: int, groups: set[int], owner: int, group: int, others: int) -> bool:
    """Whether `uid` (in `groups`) has a permission by the mode bits: the owner's, else the group's, else others'."""
    if info.st_uid == uid:
        return bool(info.st_mode & owner)
    if info.st_gid in groups:
        return bool(info.st_mode & group)
    return bool(info.st_mode & others)


def owners_own_group(info: os.stat_result) -> bool:
    """A group of the file's owner alone (a user private group, as umask 002 systems give everyone)."""
    try:
        import grp
        import pwd

        owner = pwd.getpwuid(info.st_uid)
        group = grp.getgrgid(info.st_gid)
    except (ImportError, KeyError, OSError):
        return False
    if owner.pw_gid != info.st_gid or not set(group.gr_mem) <= {owner.pw_name}:
        return False
    # A group others have as their primary group (everyone in `users`) lists none of them as members.
    return not any(entry.pw_gid == info.st_gid and entry.pw_uid != owner.pw_uid for entry in pwd.getpwall())
