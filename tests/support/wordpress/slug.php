<?php
define('ABSPATH', '/usr/share/wordpress/');
define('WPINC', 'wp-includes');
require ABSPATH . WPINC . '/plugin.php';
require ABSPATH . WPINC . '/formatting.php';
require ABSPATH . WPINC . '/functions.php';
require ABSPATH . WPINC . '/kses.php';
function get_locale() { return 'ko_KR'; }
add_filter( 'sanitize_title', 'sanitize_title_with_dashes', 10, 3 );
while (($line = fgets(STDIN)) !== false) { echo sanitize_title(rtrim($line, "\n")), "\n"; }
