fn main() {
    std::process::exit(scaffold::run(std::env::args_os()));
}
