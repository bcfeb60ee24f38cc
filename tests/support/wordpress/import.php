<?php
// Import one WXR file with the official importer, as its form does by default: every WXR
// author created as a user (or, on a later import, mapped to the existing user of that login).
// Usage: php import.php FILE fetch|nofetch [simplexml|xml|regex]   (the parser; default: the importer's choice)
define('WP_ADMIN', true);
define('WP_IMPORTING', true);
define('WP_LOAD_IMPORTERS', true);
define('IMPORT_DEBUG', true);
if (!empty($argv[3])) {
    define('PREFERRED_WXR_PARSER', $argv[3]);
}
require __DIR__ . '/boot.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user(1);
require_once WP_PLUGIN_DIR . '/wordpress-importer/wordpress-importer.php';
$file = $argv[1];
$parser = new WXR_Parser();
$data = $parser->parse($file);
if (is_wp_error($data)) {
    echo 'PARSE ERROR: ', $data->get_error_message(), "\n";
    exit(1);
}
$_POST['imported_authors'] = array();
$_POST['user_map'] = array();
$_POST['user_new'] = array();
foreach (array_keys($data['authors']) as $i => $login) {
    $_POST['imported_authors'][$i] = $login;
    $existing = get_user_by('login', $login);
    $_POST['user_map'][$i] = $existing ? $existing->ID : 0;
    $_POST['user_new'][$i] = '';
}
$importer = new WP_Import();
$importer->fetch_attachments = ($argv[2] ?? '') === 'fetch';
ob_start();
$importer->import($file, array('rewrite_urls' => false));
$out = ob_get_clean();
// The importer prints HTML: one line per message.
echo html_entity_decode(strip_tags(str_replace(array('<br />', '<br>', '</p>'), "\n", $out)), ENT_QUOTES, 'UTF-8'), "\n";
