<?php
// Install WordPress into the (empty) database of TM_WP_CONFIG.
define('WP_INSTALLING', true);
require __DIR__ . '/boot.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$home = rtrim(getenv('TM_WP_HOME'), '/');
$result = wp_install('TM WordPress test', 'admin', 'admin@example.invalid', true, '', 'tm-admin-password');
update_option('siteurl', $home);
update_option('home', $home);
update_option('timezone_string', 'Asia/Seoul');
update_option('gmt_offset', '');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure(getenv('TM_WP_PERMALINKS') ?: '');
$wp_rewrite->flush_rules(false);  // soft: the rewrite_rules option only, never .htaccess
echo json_encode(array('user_id' => $result['user_id'], 'version' => get_bloginfo('version'))), "\n";
