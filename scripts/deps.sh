# Sourced by the other scripts: makes sure the Debian packages ursim needs are
# installed. As root it installs what is missing with apt-get; otherwise it
# prints the one command to run and stops.
URSIM_PACKAGES="cmake make gcc pkg-config libgsl-dev libyaml-dev libhdf5-dev hdf5-tools
python3 python3-numpy python3-h5py"
# What the tests add: netCDF readers (xarray through h5netcdf and netCDF4,
# ncdump), pandas for the CSV export, matplotlib for the example script, yaml
# for the calibration tests to read the scenarios,
# Chromium to load the HTML report in a real browser.
URSIM_TEST_PACKAGES="python3-xarray python3-h5netcdf python3-netcdf4 netcdf-bin python3-pandas
python3-matplotlib chromium python3-yaml"
# What scripts/fuzz.sh adds: clang with libFuzzer and the sanitizers' runtime.
URSIM_FUZZ_PACKAGES="clang libclang-rt-dev"

ursim_missing_packages() {
    local p missing=()
    for p in $URSIM_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    echo "${missing[@]:-}"
}

# ursim_ensure_deps [extra packages...]
ursim_ensure_deps() {
    local missing
    missing=$(ursim_missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "ursim: installing $missing" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "ursim: missing packages; run:" >&2
        echo "  sudo apt-get install -y $missing" >&2
        exit 1
    fi
}
