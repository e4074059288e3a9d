#!/bin/sh
# Makes sure the system libraries KindAudio needs are present.
#
#   packaging/system-deps.sh            what `make run` and `make test` need
#   packaging/system-deps.sh bench      ... plus the espeak-ng command line (benchmarks)
#
# The window needs Qt's X11 (xcb) libraries; the tests also need Xvfb, the
# virtual screen the whole-app test runs the real window on, the validators
# of the desktop entry and AppStream metadata, a desktop's D-Bus services
# (dbus, dunst, xssproxy) for the reminders and keep-awake tests, and ffprobe and
# exiftool to read exported audio files back.
#
# Quick when everything is there (one ldconfig call). On Debian/Ubuntu as root it
# installs what is missing with apt-get; otherwise it prints the exact command to
# run and stops with status 1.
set -eu

# "library file|Debian package": the shared objects the Python wheels load.
needs="libespeak-ng.so.1|libespeak-ng1
libportaudio.so.2|libportaudio2
libasound.so.2|libasound2
libglib-2.0.so.0|libglib2.0-0
libEGL.so.1|libegl1
libGL.so.1|libgl1
libxkbcommon.so.0|libxkbcommon0
libfontconfig.so.1|libfontconfig1
libfreetype.so.6|libfreetype6
libdbus-1.so.3|libdbus-1-3
libX11.so.6|libx11-6
libX11-xcb.so.1|libx11-xcb1
libxkbcommon-x11.so.0|libxkbcommon-x11-0
libxcb-cursor.so.0|libxcb-cursor0
libxcb-icccm.so.4|libxcb-icccm4
libxcb-image.so.0|libxcb-image0
libxcb-keysyms.so.1|libxcb-keysyms1
libxcb-render-util.so.0|libxcb-render-util0
libxcb-render.so.0|libxcb-render0
libxcb-shape.so.0|libxcb-shape0
libxcb-util.so.1|libxcb-util1
libxcb-xkb.so.1|libxcb-xkb1
libxcb-randr.so.0|libxcb-randr0
libxcb-shm.so.0|libxcb-shm0
libxcb-sync.so.1|libxcb-sync1
libxcb-xfixes.so.0|libxcb-xfixes0"

libs=$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true)
missing=""
missing_libs=""
for entry in $needs; do
    lib=${entry%%|*}
    pkg=${entry#*|}
    case "$libs" in
        *"$lib "*) ;;
        *) missing="$missing $pkg"; missing_libs="$missing_libs $lib" ;;
    esac
done

if ! command -v Xvfb >/dev/null 2>&1; then
    missing="$missing xvfb"
    missing_libs="$missing_libs Xvfb(command)"
fi

# The tests of the desktop integration (tests/desktop/) run the real tools: the
# validators, the MIME database tool, xprop to read the window's X11 class, and a
# desktop's own services on Xvfb for reminders and keeping the screen awake: a D-Bus
# bus, a notification server and a screensaver service.
for entry in "desktop-file-validate|desktop-file-utils" "appstreamcli|appstream" \
             "update-mime-database|shared-mime-info" "xprop|x11-utils" \
             "dbus-daemon|dbus" "dunst|dunst" "xssproxy|xssproxy"; do
    if ! command -v "${entry%%|*}" >/dev/null 2>&1; then
        missing="$missing ${entry#*|}"
        missing_libs="$missing_libs ${entry%%|*}(command)"
    fi
done

# The export tests (tests/audio/files/) read the written files back with readers nobody on
# the team wrote: ffprobe (ffmpeg) for tags, embedded chapters and captions, exiftool for tags.
for entry in "ffprobe|ffmpeg" "exiftool|libimage-exiftool-perl"; do
    if ! command -v "${entry%%|*}" >/dev/null 2>&1; then
        missing="$missing ${entry#*|}"
        missing_libs="$missing_libs ${entry%%|*}(command)"
    fi
done

# PyInstaller (make bundle, and the bundle test in make test) reads libraries with objdump.
if ! command -v objdump >/dev/null 2>&1; then
    missing="$missing binutils"
    missing_libs="$missing_libs objdump(command)"
fi

if [ "${1:-}" = bench ] && ! command -v espeak-ng >/dev/null 2>&1; then
    missing="$missing espeak-ng"
    missing_libs="$missing_libs espeak-ng(command)"
fi

# A Python 3.11+ with the venv module and ensurepip (Debian splits them into
# python3-venv). The Makefile passes the interpreter it chose, or nothing.
if [ -z "${PYTHON:-}" ]; then
    missing="$missing python3 python3-venv"
    missing_libs="$missing_libs python3(3.11+)"
elif ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing="$missing python3-venv"
    missing_libs="$missing_libs python3-venv"
fi

[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing system packages:$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
        exit 0
    fi
    echo "KindAudio needs these system packages:$missing" >&2
    echo "Install them with:" >&2
    echo "    sudo apt-get install -y --no-install-recommends$missing" >&2
    echo "then run make again." >&2
    exit 1
fi

echo "KindAudio needs these system libraries, which were not found:$missing_libs" >&2
echo "This is not a Debian-like system, so they cannot be installed automatically." >&2
echo "Install the eSpeak NG library, PortAudio and the Qt runtime libraries, e.g.:" >&2
echo "    Fedora:  sudo dnf install espeak-ng portaudio alsa-lib mesa-libEGL mesa-libGL libxkbcommon libxkbcommon-x11 fontconfig dbus-libs libX11 libX11-xcb xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil xorg-x11-server-Xvfb binutils ffmpeg perl-Image-ExifTool" >&2
echo "    Arch:    sudo pacman -S espeak-ng portaudio alsa-lib libglvnd libxkbcommon libxkbcommon-x11 fontconfig dbus libx11 xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil xorg-server-xvfb binutils ffmpeg perl-image-exiftool" >&2
echo "then run make again." >&2
exit 1
