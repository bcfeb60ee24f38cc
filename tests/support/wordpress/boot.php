<?php
// Load WordPress with the site's own generated wp-config.php (never Debian's; see README.md).
$tm_config = getenv('TM_WP_CONFIG');
if (!$tm_config || !is_file($tm_config)) {
    fwrite(STDERR, "TM_WP_CONFIG does not name a config file\n");
    exit(2);
}
$tm_home = parse_url(getenv('TM_WP_HOME') ?: 'http://127.0.0.1/');
if (PHP_SAPI === 'cli') {
    $_SERVER['HTTP_HOST'] = $tm_home['host'] . (isset($tm_home['port']) ? ':' . $tm_home['port'] : '');
    $_SERVER['SERVER_NAME'] = $tm_home['host'];
    $_SERVER['REQUEST_URI'] = '/';
    $_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
    $_SERVER['REQUEST_METHOD'] = 'GET';
}
require $tm_config;
require ABSPATH . 'wp-settings.php';
