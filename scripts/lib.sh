# Shared by the benchmark scripts (sourced, not run).

# The binary to measure: $SANCTIONDB when set (another build, to compare
# before and after in one run), else this checkout's release build, built
# now, in CARGO_TARGET_DIR when that is set.
sanctiondb_binary() {
    if [[ -n ${SANCTIONDB:-} ]]; then
        echo "$SANCTIONDB"
    else
        cargo build --release --quiet >&2
        echo "${CARGO_TARGET_DIR:-target}/release/sanctiondb"
    fi
}
